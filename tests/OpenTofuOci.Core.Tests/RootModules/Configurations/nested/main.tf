provider "aws" {
  region = var.region
}

module "network" {
  source = "./network"
  cidr   = "10.0.0.0/16"
}

module "app" {
  source = "oci://registry.example.com/modules/app?tag=1.2.0"
  name   = "app-${var.environment}"
}

module "db" {
  source = "oci://registry.example.com/modules/db//postgres?digest=sha256:3f2a1e0c9b8d7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29"
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.1.0"
}

resource "tls_private_key" "deploy" {
  algorithm = "ED25519"
}

variable "region" {
  type = string
}

variable "environment" {
  type    = string
  default = "dev"
}
