"""Command-line stage: the `wijk` app (`cli.app`), one module per command or group, the Dutch
frame of Click (`cli.dutch`), the error handler (`cli.errors`) and the shared options
(`cli.common`). Glue only: options in, one library call, a document or table out."""
