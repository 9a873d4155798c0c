package provider

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// BenchmarkJobsDataSourceRead reads 10,060 jobs through vidispine_jobs in-process, through
// the provider's gRPC-level server (ReadDataSource, msgpack answer included), so that
// `go test -bench JobsDataSourceRead -benchmem -memprofile mem.out ./internal/provider`
// shows where the provider's memory per job goes. Besides B/op it reports, per job, the
// peak of the heap's objects during the read (peak_heap_B/job, sampled every millisecond:
// live data plus garbage not yet collected, what the process's RSS follows) and the heap
// still held after a collection once the answer is encoded (live_B/job: the answer).
func BenchmarkJobsDataSourceRead(b *testing.B) {
	const extra = 10000
	srv := startMock(b, vidimock.Options{ExtraJobs: extra})
	ctx := context.Background()
	server, err := providerserver.NewProtocol6WithError(New("bench")())()
	if err != nil {
		b.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	providerCfg := dynamicValue(b, schemas.Provider, map[string]tftypes.Value{
		"url":      tftypes.NewValue(tftypes.String, srv.URL()),
		"username": tftypes.NewValue(tftypes.String, vidimock.AdminUser),
		"password": tftypes.NewValue(tftypes.String, vidimock.AdminPassword),
	})
	if resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &providerCfg}); err != nil || len(resp.Diagnostics) > 0 {
		b.Fatalf("configure: %v %v", err, resp.Diagnostics)
	}
	jobs := extra + 60
	readCfg := dynamicValue(b, schemas.DataSourceSchemas["vidispine_jobs"], map[string]tftypes.Value{
		"max_results": tftypes.NewValue(tftypes.Number, jobs),
	})

	b.ReportAllocs()
	b.ResetTimer()
	var live, peak uint64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		runtime.GC()
		stop := samplePeakHeap(&peak)
		b.StartTimer()
		resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "vidispine_jobs", Config: &readCfg})
		if err != nil || len(resp.Diagnostics) > 0 {
			b.Fatalf("read: %v %v", err, resp.Diagnostics)
		}
		b.StopTimer()
		stop()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		live = max(live, ms.HeapAlloc)
		if len(resp.State.MsgPack) < jobs*100 {
			b.Fatalf("answer of %d bytes for %d jobs", len(resp.State.MsgPack), jobs)
		}
		runtime.KeepAlive(resp)
		b.StartTimer()
	}
	b.ReportMetric(float64(live)/float64(jobs), "live_B/job")
	b.ReportMetric(float64(peak)/float64(jobs), "peak_heap_B/job")
}

// samplePeakHeap raises *peak to the heap's object bytes every millisecond until stop is
// called.
func samplePeakHeap(peak *uint64) (stop func()) {
	done, finished := make(chan struct{}), make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(finished)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			*peak = max(*peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}

// dynamicValue encodes attrs as an object of schema s, every other attribute null.
func dynamicValue(b *testing.B, s *tfprotov6.Schema, attrs map[string]tftypes.Value) tfprotov6.DynamicValue {
	b.Helper()
	typ := s.ValueType().(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		if v, ok := attrs[name]; ok {
			vals[name] = v
		} else {
			vals[name] = tftypes.NewValue(at, nil)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		b.Fatal(fmt.Errorf("encoding the configuration: %w", err))
	}
	return dv
}
