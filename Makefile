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

# Pinned tool versions, each built from the Go module proxy (the only download the machines
# reach). goreleaser v2.16.0 is the newest that installs that way: v2.17 needs a module host
# outside the proxy and v2.18 needs Go 1.27. OpenTofu takes `moved` blocks across providers
# reliably from 1.12.5 on.
TFPLUGINDOCS_VERSION  := v0.25.0
GOLANGCI_LINT_VERSION := v2.15.0
GORELEASER_VERSION    := v2.16.0
ACTIONLINT_VERSION    := v1.7.12
TOFU_VERSION          := 1.12.6
# The CLI matrix of `make test` (see "Supported Terraform and OpenTofu versions" in README.md):
# the oldest supported Terraform (core resources and data sources), the first with list
# resources and actions (1.14), the newest (action_trigger on_failure, destroy events) and
# OpenTofu. The `terraform` on PATH (the image's 1.11.4) is not part of it, to keep `.ci/run`
# within its budget: `make test-tf-path` still runs the suite under it.
TF_OLDEST_VERSION     := 1.5.7
TF_ACTIONS_VERSION    := 1.14.8
TF_NEWEST_VERSION     := 1.16.4
# The upgrade test (test-upgrade) holds today's provider against state written by the provider
# at this commit: f745203 until releases exist, then the newest release tag.
UPGRADE_FROM          := f745203

# The version is part of each file name, so bumping a pin installs the new one instead of
# silently reusing an old binary.
TFPLUGINDOCS  := $(TOOLS_BIN)/tfplugindocs-$(TFPLUGINDOCS_VERSION)
GOLANGCI_LINT := $(TOOLS_BIN)/golangci-lint-$(GOLANGCI_LINT_VERSION)
GORELEASER    := $(TOOLS_BIN)/goreleaser-$(GORELEASER_VERSION)
ACTIONLINT    := $(TOOLS_BIN)/actionlint-$(ACTIONLINT_VERSION)
TOFU          ?= $(TOOLS_BIN)/tofu-$(TOFU_VERSION)
# Built Terraform CLIs keep the plain name `terraform` (in a versioned folder) because
# tfplugindocs looks the CLI up by that name on PATH.
TERRAFORM_OLDEST ?= $(TOOLS_BIN)/terraform-$(TF_OLDEST_VERSION)/terraform
TERRAFORM_ACTIONS ?= $(TOOLS_BIN)/terraform-$(TF_ACTIONS_VERSION)/terraform
TERRAFORM_NEWEST ?= $(TOOLS_BIN)/terraform-$(TF_NEWEST_VERSION)/terraform
TERRAFORM_ON_PATH := $(shell command -v terraform 2>/dev/null)

# The default CLI (unit tests, demo, docs): the one on PATH when there is one, else the newest
# built here, which knows every feature the examples and the demo use (the demo calls a provider
# function: Terraform >= 1.8). Override with `make demo TERRAFORM=/abs/path/terraform`.
ifeq ($(origin TERRAFORM),undefined)
TERRAFORM := $(or $(TERRAFORM_ON_PATH),$(TERRAFORM_NEWEST))
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

.PHONY: help build install test test-unit test-acc test-tf-oldest test-tf-path test-tf-actions test-tf-newest test-tofu test-upgrade \
	fuzz bench bench-smoke tidy-check lint lint-workflows fmt vet docs examples demo demo-adopt test-tftest mock install-test release-check \
	release-notes release-snapshot tools clean clean-tools

help: ## Show this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-15s %s\n", $$1, $$2}'

build: ## Build the provider binary into bin/
	go build -trimpath -ldflags '$(LDFLAGS)' -o bin/$(BINARY) .

install: ## Install the provider binary into the Go bin folder
	go install -trimpath -ldflags '$(LDFLAGS)' .

test: test-unit test-tf-oldest test-tf-actions test-tf-newest test-tofu test-upgrade test-tftest fuzz ## Unit tests, acceptance tests under every CLI of the matrix, upgrade test, terraform test example, fuzz smoke

test-unit: $(TERRAFORM) $(CLI_CONFIG) ## Tests of every package except internal/provider (client, mock, harnesses), once
	TF_ACC=1 go test $(GO_TEST_FLAGS) $$(go list ./... | grep -v '/internal/provider$$')

# acc_test(cli): the acceptance tests of internal/provider under one CLI, timed. OpenTofu resolves
# providers under its own registry host, and plugin-testing's default namespace must be replaced
# by one that OpenTofu accepts for in-process providers.
define acc_test
	@cli='$(1)'; name="$$("$$cli" version | sed -n 1p)"; \
	vars=(TF_ACC=1 TF_ACC_TERRAFORM_PATH="$$cli"); \
	if [[ "$$name" == OpenTofu* ]]; then \
		vars+=(TF_ACC_PROVIDER_NAMESPACE=hashicorp TF_ACC_PROVIDER_HOST=registry.opentofu.org); \
	fi; \
	echo "==> acceptance tests of internal/provider under $$name ($$cli)"; \
	start=$$SECONDS; \
	env "$${vars[@]}" go test $(GO_TEST_FLAGS) ./internal/provider/...; \
	echo "==> internal/provider under $$name passed in $$((SECONDS - start))s"
endef

ACC_CLI ?= $(TERRAFORM)
test-acc: $(CLI_CONFIG) ## Acceptance tests under ACC_CLI (any terraform or tofu binary; default TERRAFORM)
	$(call acc_test,$(ACC_CLI))

test-tf-oldest: $(TERRAFORM_OLDEST) $(CLI_CONFIG) ## Acceptance tests under Terraform 1.5.7 (newer features skip)
	$(call acc_test,$(TERRAFORM_OLDEST))

# Not part of `make test` or .ci/run (the pinned CLIs bound the supported range); a machine
# without terraform on PATH skips it.
test-tf-path: $(CLI_CONFIG) ## Acceptance tests under the terraform on PATH (the image's 1.11.4), if any
	$(if $(TERRAFORM_ON_PATH),$(call acc_test,$(TERRAFORM_ON_PATH)),@echo "==> no terraform on PATH: skipped (Terraform $(TF_OLDEST_VERSION) and $(TF_NEWEST_VERSION) still run)")

test-tf-actions: $(TERRAFORM_ACTIONS) $(CLI_CONFIG) ## Acceptance tests under Terraform 1.14.8 (the first with list resources and actions)
	$(call acc_test,$(TERRAFORM_ACTIONS))

test-tf-newest: $(TERRAFORM_NEWEST) $(CLI_CONFIG) ## Acceptance tests under Terraform 1.16.4
	$(call acc_test,$(TERRAFORM_NEWEST))

test-tofu: $(TOFU) $(CLI_CONFIG) ## Acceptance tests under OpenTofu 1.12.6
	$(call acc_test,$(TOFU))

# The provider at UPGRADE_FROM is built once into .tools/upgrade-from/<commit>/ (needs that
# commit in the clone's history).
test-upgrade: $(TERRAFORM_NEWEST) ## Apply UPGRADE_FROM's demo with the provider of that commit, then plan it with today's: no change
	TERRAFORM=$(TERRAFORM_NEWEST) TOOLS_DIR=$(TOOLS_DIR) UPGRADE_FROM=$(UPGRADE_FROM) scripts/upgrade-test.sh

fuzz: $(TERRAFORM) $(CLI_CONFIG) ## Run every Fuzz* target for FUZZTIME (default 5s), one at a time
	FUZZTIME=$(FUZZTIME) scripts/fuzz.sh

bench: $(TERRAFORM) $(CLI_CONFIG) ## Run the benchmarks and print their table (see BENCHMARKS.md)
	go test -run '^$$' -bench . -benchmem $$(go list ./... | grep -v /internal/benchmarks)
	go test -run '^$$' -bench . -benchtime 1x -timeout 60m ./internal/benchmarks/

# BENCH_SMALLEST=1 makes the benchmarks of internal/benchmarks run only their smallest size;
# the others run once as they are (a second or two each).
bench-smoke: $(TERRAFORM) $(CLI_CONFIG) ## Every benchmark once at its smallest size (about a minute), so a broken one shows
	BENCH_SMALLEST=1 go test -run '^$$' -bench . -benchtime 1x -timeout 10m ./...

tidy-check: ## Fail if go.mod or go.sum differ from what go mod tidy makes (prints the diff)
	go mod tidy -diff

lint: $(GOLANGCI_LINT) ## Run golangci-lint (v2)
	$(GOLANGCI_LINT) run --allow-serial-runners ./...

lint-workflows: $(ACTIONLINT) ## Check .github/workflows with actionlint
	$(ACTIONLINT) -no-color

fmt: ## Format all Go files
	gofmt -s -w $$(find . -name '*.go' -not -path './.tools/*' -not -path './dist/*')

vet: ## Run go vet
	go vet ./...

# tfplugindocs runs `terraform providers schema` itself and finds the CLI on PATH by name. Only
# Terraform >= 1.14 reports list resources and actions (and >= 1.8 functions): older CLIs would
# silently leave their pages out, so the docs are always made with the newest CLI of the matrix.
docs: $(TFPLUGINDOCS) $(TERRAFORM_NEWEST) $(CLI_CONFIG) ## Generate docs/ and validate them
	PATH="$(dir $(TERRAFORM_NEWEST)):$$PATH" $(TFPLUGINDOCS) generate --provider-name vidispine
	PATH="$(dir $(TERRAFORM_NEWEST)):$$PATH" $(TFPLUGINDOCS) validate --provider-name vidispine

# Terraform 1.14 or newer understands every example (list resources, actions). The Mermaid check
# needs node (20 or newer) and npm; its packages are installed once into .tools/.
examples: $(TERRAFORM_NEWEST) $(CLI_CONFIG) ## Examples pass fmt -check and validate; the demo's Mermaid and the docs' parse
	TERRAFORM=$(TERRAFORM_NEWEST) TOOLS_DIR=$(TOOLS_DIR) scripts/check-examples.sh

demo: $(TERRAFORM) ## Apply examples/demo against the standalone mock, print outputs, destroy
	TERRAFORM=$(TERRAFORM) DEMO_PORT=$(DEMO_PORT) TOOLS_DIR=$(TOOLS_DIR) scripts/demo.sh

# mock_provider's override_during needs Terraform >= 1.11: the newest CLI of the matrix runs it.
test-tftest: $(TERRAFORM_NEWEST) ## terraform test of examples/pipeline-test: its smoke job on the standalone mock, a plan with mock_provider
	TERRAFORM=$(TERRAFORM_NEWEST) TOOLS_DIR=$(TOOLS_DIR) scripts/tftest.sh

# terraform query needs Terraform >= 1.14.
demo-adopt: $(TERRAFORM_NEWEST) ## Adopt a 323-object installation from the standalone mock with terraform query; print the figures
	TERRAFORM=$(TERRAFORM_NEWEST) TOOLS_DIR=$(TOOLS_DIR) scripts/demo-adopt.sh

mock: ## Run the standalone mock server in the foreground (MOCK_PORT, default 8080)
	go run ./internal/vidimock/cmd/vidimock -listen 127.0.0.1:$(MOCK_PORT)

# goreleaser wants an `origin` remote (it never contacts it). Without one, a placeholder is
# added through git's environment configuration, so the checkout's .git/config is left alone.
GORELEASER_ENV = $(if $(shell git remote get-url origin 2>/dev/null),,GIT_CONFIG_COUNT=1 \
	GIT_CONFIG_KEY_0=remote.origin.url \
	GIT_CONFIG_VALUE_0=https://github.com/mediaops/terraform-provider-vidispine.git)

release-check: $(GORELEASER) ## Validate .goreleaser.yml
	$(GORELEASER_ENV) $(GORELEASER) check

release-notes: ## Print the release notes of VERSION (e.g. 0.1.0) from CHANGELOG.md
	scripts/changelog-notes.sh $(if $(filter dev,$(VERSION)),$$(awk '/^## [0-9]/ { print $$2; exit }' CHANGELOG.md),$(VERSION))

install-test: $(GORELEASER) $(TERRAFORM) $(TOFU) $(CLI_CONFIG) ## Release archives installed by terraform init and tofu init from a local registry
	$(GORELEASER_ENV) GORELEASER=$(GORELEASER) TERRAFORM=$(TERRAFORM) TOFU=$(TOFU) scripts/install-test.sh

release-snapshot: $(GORELEASER) ## Build all release archives locally into dist/ (slow: ~8 min)
	$(GORELEASER_ENV) $(GORELEASER) release --snapshot --clean --skip=sign

tools: $(TFPLUGINDOCS) $(GOLANGCI_LINT) $(GORELEASER) $(ACTIONLINT) $(TERRAFORM) $(TERRAFORM_OLDEST) \
	$(TERRAFORM_ACTIONS) $(TERRAFORM_NEWEST) $(TOFU) $(CLI_CONFIG) ## Install every tool into .tools/

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

$(ACTIONLINT):
	$(call go_install,github.com/rhysd/actionlint/cmd/actionlint,$(ACTIONLINT_VERSION),actionlint)

# 1.5.x is the newest Terraform that `go install` builds (later go.mod files have local replaces).
$(TOOLS_BIN)/terraform-$(TF_OLDEST_VERSION)/terraform:
	@echo "==> building terraform $(TF_OLDEST_VERSION) (takes a few minutes)"
	GOBIN=$(@D) go install github.com/hashicorp/terraform@v$(TF_OLDEST_VERSION)

# Later releases (1.14.8, 1.16.4) are built from their module source, each in its own folder
# (the explicit rule above wins for the oldest).
$(TOOLS_BIN)/terraform-%/terraform:
	@echo "==> building terraform $* (takes a few minutes)"
	scripts/build-terraform.sh $* $@ $(TOOLS_DIR)/terraform-build

$(TOFU):
	@echo "==> building OpenTofu $(TOFU_VERSION) (takes a few minutes)"
	scripts/build-tofu.sh $(TOFU_VERSION) $@ $(TOOLS_DIR)/tofu-build

print-%: ## (print-VAR) Print a variable of this Makefile, e.g. make -s print-TF_NEWEST_VERSION
	@echo '$($*)'
