"""glossator: annotated editions from Markdown texts and YAML annotations."""
