"""Where postings come from: Hugo sites, other markdown sites, ATS job boards."""
