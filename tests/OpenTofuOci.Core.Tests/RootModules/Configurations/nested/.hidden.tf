terraform { required_providers { dotfile = { source = "example/dotfile" } } }
