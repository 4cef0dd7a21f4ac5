"""Hugo sites: config (baseURL, languages, permalinks, mounts), URLs, front matter, postings."""
