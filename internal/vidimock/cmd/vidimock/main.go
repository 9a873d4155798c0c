// Command vidimock runs the mock VidiREST server standalone, on the real clock, for manual
// checks, demos and benchmarks:
//
//	go run ./internal/vidimock/cmd/vidimock -listen 127.0.0.1:8080
//
// It prints "vidimock listening on http://127.0.0.1:8080 (user admin, password admin)" once it
// accepts requests, and stops cleanly on SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8080", "address to listen on")
	seed := flag.Int64("seed", 1, "seed of the generated jobs and of fault injection")
	jobs := flag.Int("jobs", 0, "generated jobs on top of the seed data (0..100000)")
	rate := flag.Float64("fault-rate", 0, "fraction (0..1) of /API requests that get a fault")
	kinds := flag.String("fault-kinds", "503,429,drop", "comma-separated fault kinds: 503, 429, drop, drop-after, latency, slow-answer")
	retryAfter := flag.Int("retry-after", 1, "seconds sent in Retry-After with 429 faults")
	latency := flag.Duration("latency", 0, "added latency of the latency (before handling) and slow-answer (after handling) fault kinds")
	version := flag.String("server-version", vidimock.DefaultServerVersion, "VidiCore version GET /API/version reports; below 5.1 the priority job filter is ignored and /API/configuration/job-priority answers 404")
	verbose := flag.Bool("v", false, "log every request")
	timeoutMissing := flag.String("http-timeout-missing", vidimock.HTTPTimeoutReject,
		"what a notification's http action without a timeout gets: reject (400) or default ("+vidimock.DefaultHTTPTimeout+" s)")
	beans := flag.String("beans", "", "beans task-definition validate resolves and bean steps run, as Bean.method,Bean.other (default: the built-in set)")
	stepDuration := flag.Duration("step-duration", 100*time.Millisecond, "how long each step of a started job takes (the job is READY for as long first)")
	bearerSecret := flag.String("bearer-secret", "", "accept Authorization: Bearer JWTs signed HS256/384/512 with this secret")
	bearerKeyFile := flag.String("bearer-key-file", "", "accept Bearer JWTs signed with the key of this PEM certificate or public key (RS*, PS*, ES*, EdDSA)")
	bearerAudience := flag.String("bearer-audience", "", "audience a Bearer JWT must name (expectedAudience); empty: not checked")
	bearerClaim := flag.String("bearer-user-claim", vidimock.DefaultUserClaim, "claim of a Bearer JWT that names the user (tokenUser)")
	oauthClients := flag.String("oauth-client", "", "with -bearer-secret: clients of the demo token endpoint POST /mock/oauth2/token, as id:secret:user,...")
	oauthLifetime := flag.Duration("oauth-token-lifetime", 5*time.Minute, "lifetime of the tokens POST /mock/oauth2/token issues")
	flag.Parse()

	if *timeoutMissing != vidimock.HTTPTimeoutReject && *timeoutMissing != vidimock.HTTPTimeoutDefault {
		log.Fatalf("vidimock: -http-timeout-missing must be %s or %s, not %q", vidimock.HTTPTimeoutReject, vidimock.HTTPTimeoutDefault, *timeoutMissing)
	}
	if *stepDuration <= 0 {
		log.Fatalf("vidimock: -step-duration must be positive, not %s", *stepDuration)
	}
	opts := vidimock.Options{Seed: *seed, ExtraJobs: *jobs, HTTPTimeoutMissing: *timeoutMissing, ServerVersion: *version, StepDuration: *stepDuration, Faults: vidimock.Faults{
		Rate: *rate, Kinds: strings.Split(*kinds, ","), RetryAfter: *retryAfter, Latency: *latency, Seed: *seed,
	}}
	if *verbose {
		opts.Logf = log.Printf
	}
	if err := opts.Faults.Validate(); err != nil {
		log.Fatal("vidimock: ", err)
	}
	if *beans != "" {
		b, err := vidimock.ParseBeans(*beans)
		if err != nil {
			log.Fatal("vidimock: -beans: ", err)
		}
		opts.Beans = b
	}
	if *bearerSecret != "" && *bearerKeyFile != "" {
		log.Fatal("vidimock: -bearer-secret and -bearer-key-file exclude each other")
	}
	if *bearerSecret != "" || *bearerKeyFile != "" {
		opts.Bearer = &vidimock.BearerOptions{Key: []byte(*bearerSecret), Audience: *bearerAudience, UserClaim: *bearerClaim,
			TokenLifetime: *oauthLifetime}
		if *bearerKeyFile != "" {
			raw, err := os.ReadFile(*bearerKeyFile)
			if err != nil {
				log.Fatal("vidimock: -bearer-key-file: ", err)
			}
			if opts.Bearer.Key, err = vidimock.ParseBearerKey(raw); err != nil {
				log.Fatal("vidimock: -bearer-key-file: ", err)
			}
		}
	}
	if *oauthClients != "" {
		if *bearerSecret == "" {
			log.Fatal("vidimock: -oauth-client needs -bearer-secret: the demo token endpoint signs with it")
		}
		clients, err := vidimock.ParseOAuthClients(*oauthClients)
		if err != nil {
			log.Fatal("vidimock: -oauth-client: ", err)
		}
		opts.Bearer.Clients = clients
	}
	srv := vidimock.New(opts)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := srv.ListenAndServe(ctx, *listen, func(url string) {
		fmt.Printf("vidimock listening on %s (user %s, password %s)\n", url, vidimock.AdminUser, vidimock.AdminPassword)
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("vidimock stopped")
}
