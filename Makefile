# Build, test, lint, docs and demo for terraform-provider-vidispine.
# Every tool is installed into the git-ignored .tools/ folder from the Go module proxy, so a fresh
# machine needs nothing but Go. Run `make help` for the list of targets.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

# Never let go download another toolchain: the machines only have the local one.
export GOTOOLCHAIN := local

VERSION ?= dev
LDFLAGS := -s -w -X main.version=$(VERSION)
BINARY  := terraform-provider-vidispine

TOOLS_DIR := $(CURDIR)/.tools
TOOLS_BIN := $(TOOLS_DIR)/bin

# Pinned tool versions (see shared reference/toolchain.md for why these).
TFPLUGINDOCS_VERSION  := v0.25.0
GOLANGCI_LINT_VERSION := v2.15.0
GORELEASER_VERSION    := v2.16.0
TERRAFORM_VERSION     := v1.5.7
TOFU_VERSION          := 1.12.6

# The version is part of each file name, so bumping a pin installs the new one instead of
# silently reusing an old binary.
TFPLUGINDOCS  := $(TOOLS_BIN)/tfplugindocs-$(TFPLUGINDOCS_VERSION)
GOLANGCI_LINT := $(TOOLS_BIN)/golangci-lint-$(GOLANGCI_LINT_VERSION)
GORELEASER    := $(TOOLS_BIN)/goreleaser-$(GORELEASER_VERSION)
TOFU          := $(TOOLS_BIN)/tofu-$(TOFU_VERSION)

# Terraform: the one on PATH when there is one, else 1.5.7 built from source (the newest that
# builds from the Go module proxy). Override with `make test TERRAFORM=/abs/path/terraform`.
# It keeps the plain name `terraform` because tfplugindocs looks it up by that name on PATH.
ifeq ($(origin TERRAFORM),undefined)
TERRAFORM := $(or $(shell command -v terraform 2>/dev/null),$(TOOLS_BIN)/terraform)
endif

# The environment may point TF_CLI_CONFIG_FILE at a file that does not exist. Terraform only
# warns, but OpenTofu prints that warning on stdout, even for `tofu version -json`, and then
# every acceptance test fails with "unable to parse version". An existing empty file also keeps
# a developer's own CLI config (mirrors, dev_overrides) out of the tests.
CLI_CONFIG := $(TOOLS_DIR)/empty.tfrc
export TF_CLI_CONFIG_FILE := $(CLI_CONFIG)
export CHECKPOINT_DISABLE := 1

# Without an explicit CLI path even non-TF_ACC resource.UnitTest tries to download Terraform,
# which cannot work offline and aborts the whole test binary.
export TF_ACC_TERRAFORM_PATH := $(TERRAFORM)

GO_TEST_FLAGS ?= -count=1 -timeout 30m
FUZZTIME      ?= 5s
MOCK_PORT     ?= 8080
DEMO_PORT     ?= 18080

.PHONY: help build install test test-terraform test-tofu fuzz bench lint fmt vet docs demo mock \
	release-check release-snapshot tools clean clean-tools

help: ## Show this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-15s %s\n", $$1, $$2}'

build: ## Build the provider binary into bin/
	go build -trimpath -ldflags '$(LDFLAGS)' -o bin/$(BINARY) .

install: ## Install the provider binary into the Go bin folder
	go install -trimpath -ldflags '$(LDFLAGS)' .

test: test-terraform test-tofu fuzz ## Unit + acceptance tests under Terraform and OpenTofu, then a fuzz smoke

test-terraform: $(TERRAFORM) $(CLI_CONFIG) ## All tests, acceptance tests under Terraform
	@echo "==> go test ./... with TF_ACC=1 under $$($(TERRAFORM) version | head -1)"
	TF_ACC=1 go test $(GO_TEST_FLAGS) ./...

# OpenTofu resolves providers under its own registry host; plugin-testing's default
# namespace must be replaced by one that OpenTofu accepts for in-process providers.
test-tofu: $(TOFU) $(CLI_CONFIG) ## Acceptance tests of internal/provider under OpenTofu
	@echo "==> go test ./internal/provider/... with TF_ACC=1 under $$($(TOFU) version | head -1)"
	TF_ACC=1 TF_ACC_TERRAFORM_PATH=$(TOFU) TF_ACC_PROVIDER_NAMESPACE=hashicorp \
		TF_ACC_PROVIDER_HOST=registry.opentofu.org go test $(GO_TEST_FLAGS) ./internal/provider/...

fuzz: $(TERRAFORM) $(CLI_CONFIG) ## Run every Fuzz* target for FUZZTIME (default 5s), one at a time
	FUZZTIME=$(FUZZTIME) scripts/fuzz.sh

bench: $(TERRAFORM) $(CLI_CONFIG) ## Run the benchmarks and print their table (see BENCHMARKS.md)
	go test -run '^$$' -bench . -benchmem $$(go list ./... | grep -v /internal/benchmarks)
	go test -run '^$$' -bench . -benchtime 1x -timeout 60m ./internal/benchmarks/

lint: $(GOLANGCI_LINT) ## Run golangci-lint (v2)
	$(GOLANGCI_LINT) run --allow-serial-runners ./...

fmt: ## Format all Go files
	gofmt -s -w $$(find . -name '*.go' -not -path './.tools/*' -not -path './dist/*')

vet: ## Run go vet
	go vet ./...

# tfplugindocs runs `terraform providers schema` itself and finds the CLI on PATH by name.
# Terraform older than 1.8 (such as the 1.5.7 built here when none is on PATH) does not report
# provider functions, so their pages would silently go missing: warn loudly.
docs: $(TFPLUGINDOCS) $(TERRAFORM) $(CLI_CONFIG) ## Generate docs/ and validate them
	@v="$$($(TERRAFORM) version -json | sed -n 's/.*"terraform_version": *"\([0-9.]*\).*/\1/p')"; \
	if [ "$$(printf '1.8\n%s\n' "$$v" | sort -V | head -1)" != 1.8 ]; then \
		echo "WARNING: terraform $$v is older than 1.8: docs of provider functions will be missing;" \
			"use make docs TERRAFORM=/path/to/terraform-1.8-or-newer" >&2; \
	fi
	PATH="$(dir $(TERRAFORM)):$$PATH" $(TFPLUGINDOCS) generate --provider-name vidispine
	PATH="$(dir $(TERRAFORM)):$$PATH" $(TFPLUGINDOCS) validate --provider-name vidispine

demo: $(TERRAFORM) ## Apply examples/demo against the standalone mock, print outputs, destroy
	TERRAFORM=$(TERRAFORM) DEMO_PORT=$(DEMO_PORT) TOOLS_DIR=$(TOOLS_DIR) scripts/demo.sh

# terraform query needs Terraform >= 1.14 (TERRAFORM_LATEST, when the Makefile defines none above).
TERRAFORM_LATEST ?= $(TOOLS_BIN)/terraform-1.14.8/terraform
.PHONY: demo-adopt
demo-adopt: ## Adopt a 323-object installation from the standalone mock with terraform query; print the figures
	TERRAFORM=$(TERRAFORM_LATEST) TOOLS_DIR=$(TOOLS_DIR) scripts/demo-adopt.sh

mock: ## Run the standalone mock server in the foreground (MOCK_PORT, default 8080)
	go run ./internal/vidimock/cmd/vidimock -listen 127.0.0.1:$(MOCK_PORT)

# goreleaser wants an `origin` remote (it never contacts it). Without one, a placeholder is
# added through git's environment configuration, so the checkout's .git/config is left alone.
GORELEASER_ENV = $(if $(shell git remote get-url origin 2>/dev/null),,GIT_CONFIG_COUNT=1 \
	GIT_CONFIG_KEY_0=remote.origin.url \
	GIT_CONFIG_VALUE_0=https://github.com/mediaops/terraform-provider-vidispine.git)

release-check: $(GORELEASER) ## Validate .goreleaser.yml
	$(GORELEASER_ENV) $(GORELEASER) check

release-snapshot: $(GORELEASER) ## Build all release archives locally into dist/ (slow: ~8 min)
	$(GORELEASER_ENV) $(GORELEASER) release --snapshot --clean --skip=sign

tools: $(TFPLUGINDOCS) $(GOLANGCI_LINT) $(GORELEASER) $(TERRAFORM) $(TOFU) $(CLI_CONFIG) ## Install every tool into .tools/

clean: ## Remove build output (keeps the tools in .tools/)
	rm -rf bin/ dist/ $(TOOLS_DIR)/demo-plugins

clean-tools: ## Remove .tools/ (the next run rebuilds every tool, which takes minutes)
	rm -rf $(TOOLS_DIR)

# ---- tool installation: file targets, so an installed tool is never rebuilt ----

$(CLI_CONFIG):
	@mkdir -p $(@D)
	@: > $@

# go_install(package, version, command name): go install names the binary after the command,
# so install into a scratch GOBIN, then move it to its versioned name.
define go_install
	@echo "==> installing $(1)@$(2)"
	GOBIN=$(TOOLS_DIR)/gobin go install $(1)@$(2)
	@mkdir -p $(TOOLS_BIN)
	mv $(TOOLS_DIR)/gobin/$(3) $@
endef

$(TFPLUGINDOCS):
	$(call go_install,github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs,$(TFPLUGINDOCS_VERSION),tfplugindocs)

$(GOLANGCI_LINT):
	$(call go_install,github.com/golangci/golangci-lint/v2/cmd/golangci-lint,$(GOLANGCI_LINT_VERSION),golangci-lint)

$(GORELEASER):
	$(call go_install,github.com/goreleaser/goreleaser/v2,$(GORELEASER_VERSION),goreleaser)

# Only used when no terraform is on PATH.
$(TOOLS_BIN)/terraform:
	@echo "==> no terraform on PATH: building terraform $(TERRAFORM_VERSION) (takes a few minutes)"
	GOBIN=$(TOOLS_BIN) go install github.com/hashicorp/terraform@$(TERRAFORM_VERSION)

$(TOFU):
	@echo "==> building OpenTofu $(TOFU_VERSION) (takes a few minutes)"
	scripts/build-tofu.sh $(TOFU_VERSION) $@ $(TOOLS_DIR)/tofu-build
