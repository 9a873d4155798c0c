# The configuration `make demo-adopt` adopts an installation into (see the guide "Adopting an
# existing installation"). `terraform query -generate-config-out=adopted.tf` writes the
# resources and their import blocks next to it. The provider reads its settings from
# VIDISPINE_URL, VIDISPINE_USERNAME and VIDISPINE_PASSWORD.

terraform {
  required_version = ">= 1.14"
  required_providers {
    vidispine = {
      source = "mediaops/vidispine"
    }
  }
}

provider "vidispine" {}
