terraform {
  required_providers {
    hidden = { source = "example/hidden", version = "1.0.0" }
  }
}
