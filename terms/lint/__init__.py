"""``terms lint``: terminology checks over documents, with fixes and CI-friendly output."""
