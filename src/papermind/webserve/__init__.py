"""``papermind serve``: the app in a browser, behind a per-run token and an Origin check."""
