"""The answer engine: question + thread in, an `Answer` that quotes postings out."""
