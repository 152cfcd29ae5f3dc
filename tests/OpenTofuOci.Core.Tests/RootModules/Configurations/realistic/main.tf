/*
 * A configuration written the way teams write them: every kind of expression OpenTofu allows,
 * so the reader has to skip each one correctly to find the blocks it needs.
 * A brace in a comment } must not close anything, nor a quote ".
 */

terraform {
  required_version = ">= 1.10.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40, < 6.0"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.31"
    }
    helm = {
      source                = "registry.opentofu.org/hashicorp/helm"
      version               = "2.14.0"
      configuration_aliases = [helm.primary, helm.secondary]
    }
  }

  backend "s3" {
    bucket = "acme-state"
    key    = "platform/${terraform.workspace}/state" # not literal, but nothing reads it
    region = "eu-central-1"
  }
}

locals {
  name_prefix = "${var.team}-${terraform.workspace}"
  # A string template with quotes and braces inside the interpolation.
  greeting    = "hello ${ "}" } and ${ lookup({ "a" = "b}" }, "a", "{") } done"
  nested      = "outer ${ "inner ${ "deep }" } still inner" } outer"
  escaped     = "literal $${not_an_interpolation} and %%{ not_a_directive } and \"quotes\""
  directive   = "%{ for name in var.names }${name},%{ endfor }"
  enabled     = var.environment == "prod" ? true : false
  count_math  = (var.replicas * 2 + 1) % 7 - -3
  negated     = !local.enabled && (var.replicas >= 3 || var.force)
  subnets     = [for i, cidr in var.cidrs : cidrsubnet(cidr, 8, i) if i < 3]
  by_name     = { for s in var.services : s.name => s... }
  first_port  = var.services[0].ports[*].number
  all_ids     = aws_instance.web[*].id
  legacy_ids  = aws_instance.web.*.id
  merged = merge(
    var.tags,
    {
      "Name"                = local.name_prefix
      "kubernetes.io/role"  = "worker" # a comment inside an object
      (var.extra_tag_key)   = var.extra_tag_value
    },
  )
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = ["arn:aws:s3:::${var.bucket}", "arn:aws:s3:::${var.bucket}/*"]
    }]
  })
  user_data = <<-EOT
    #!/bin/bash
    echo "${local.name_prefix}" > /etc/motd # } ] ) are text here
    %{ if local.enabled }systemctl enable app%{ endif }
  EOT
  plain_heredoc = <<EOF
no interpolation { here ]
EOF
  multiline_call = templatefile("${path.module}/templates/init.sh.tftpl", {
    name  = local.name_prefix,
    ports = [for p in var.ports : tostring(p)],
  })
  conditional_object = var.create ? {
    a = 1
  } : null
  tuple_of_objects = [
    { name = "a", value = 1 },
    { name = "b", value = [2, 3] },
  ]
  number_forms = [1, 1.5, 2e3, -4, 0.25E-1]
  splat_index  = try(data.aws_availability_zones.available.names[0], "none")
  unicode      = "grüße \u00e9 ✓"
}

variable "services" {
  type = list(object({
    name  = string
    ports = list(object({ number = number }))
  }))
  default = []

  validation {
    condition     = alltrue([for s in var.services : length(s.name) > 0])
    error_message = "Every service needs a name; got ${length(var.services)} services."
  }
}

provider "aws" {
  region = "eu-central-1"
  default_tags {
    tags = local.merged
  }
}

provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

data "aws_availability_zones" "available" {
  state = "available"
}

resource "aws_instance" "web" {
  count         = local.enabled ? 3 : 0
  provider      = aws.us
  ami           = data.aws_ami.ubuntu.id
  instance_type = count.index == 0 ? "t3.large" : "t3.small"

  dynamic "ebs_block_device" {
    for_each = { for k, v in var.volumes : k => v if v.size > 0 }
    content {
      device_name = ebs_block_device.key
      volume_size = ebs_block_device.value.size
    }
  }

  lifecycle {
    ignore_changes = [tags["LastSeen"], ami]
  }

  depends_on = [module.network]
}

resource "kubernetes_namespace" "apps" {
  metadata { name = "apps" }
}

resource "helm_release" "ingress" {
  provider   = helm.primary
  name       = "ingress"
  chart      = "ingress-nginx"
  values     = [yamlencode({ controller = { replicaCount = var.replicas } })]
}

resource "random_pet" "suffix" {
  keepers = { always = timestamp() }
}

check "health" {
  data "http" "endpoint" {
    url = "https://${aws_instance.web[0].public_dns}/health"
  }

  assert {
    condition     = data.http.endpoint.status_code == 200
    error_message = "Health check at ${data.http.endpoint.url} returned ${data.http.endpoint.status_code}."
  }
}

module "network" {
  source = "oci://registry.example.com/platform/network?tag=3.1.4"

  cidr    = var.cidr
  subnets = local.subnets
  tags    = merge(local.merged, { "Tier" = "network" })
}

module "addons" {
  for_each = toset(["metrics", "logging"])
  source   = "oci://registry.example.com/platform/addons//charts" # a comment after the literal
  version  = null
  name     = each.key
}

output "summary" {
  value = {
    instances = length(aws_instance.web)
    greeting  = local.greeting
  }
  sensitive = false
}
