"""One module per ``authlint`` subcommand; :mod:`authlint.cli` assembles them."""
