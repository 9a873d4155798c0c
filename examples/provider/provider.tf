# User name and password (HTTP basic authentication); an access key's id and secret go in
# the same attributes, the usual choice for CI pipelines.
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

# Or OAuth2 client credentials, where VidiCore trusts an identity provider: the provider
# fetches tokens and renews them before they expire. The secret comes from
# VIDISPINE_CLIENT_SECRET. A proxy in front of the server asks for a client certificate.
provider "vidispine" {
  alias = "oidc"

  url = "https://vidispine.example.com:8080"

  client_credentials {
    token_url = "https://login.example.com/oauth2/v2.0/token"
    client_id = "terraform-ci"
    scopes    = ["api://vidicore/.default"]
  }

  client_cert_pem = file("${path.module}/client.pem")
  client_key_pem  = var.client_key_pem
}

variable "client_key_pem" {
  type      = string
  sensitive = true
}

variable "vidispine_password" {
  type      = string
  sensitive = true
}

variable "vidispine_token" {
  type      = string
  sensitive = true
}
