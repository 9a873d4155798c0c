// Command terraform-provider-vidispine is the Terraform/OpenTofu plugin server for Vidispine (VidiCore).
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/mediaops/terraform-provider-vidispine/internal/provider"
)

// version is stamped by goreleaser (-X main.version=...).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/mediaops/vidispine",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
