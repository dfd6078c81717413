"""The network: fetching pages and feeds over HTTP(S) with httpx, within limits. Imported
only by an ingest that was given a URL (or a feed whose entries must be fetched)."""
