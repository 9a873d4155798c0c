# User name and password (HTTP basic authentication).
provider "vidispine" {
  url      = "https://vidispine.example.com:8080"
  username = "terraform"
  password = var.vidispine_password
}

# Or a token, for example one that a pipeline obtained from GET /API/token. A token
# cannot be combined with username and password.
provider "vidispine" {
  alias = "token"

  url   = "https://vidispine.example.com:8080/API"
  token = var.vidispine_token

  # Act on behalf of another user (the RunAs header); the token's user needs that privilege.
  run_as = "pipeline"

  # A server with a certificate from a private CA.
  ca_cert_pem = file("${path.module}/vidispine-ca.pem")

  # Slow server, busy cluster: longer timeout and more patient retries.
  request_timeout = "60s"
  max_retries     = 6
  retry_wait_min  = "2s"
  retry_wait_max  = "1m"
}

variable "vidispine_password" {
  type      = string
  sensitive = true
}

variable "vidispine_token" {
  type      = string
  sensitive = true
}
