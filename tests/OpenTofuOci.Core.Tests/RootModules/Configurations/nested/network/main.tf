terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.10" }
  }
}

variable "cidr" {
  type = string
}

module "common" {
  source = "../common"
}

resource "aws_vpc" "this" {
  cidr_block = var.cidr
  tags       = module.common.tags
}
