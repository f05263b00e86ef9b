"""Reading across the library: concordance lines, term trends over time, saved watches."""
