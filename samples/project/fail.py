"""A job that fails: prints a little progress, then an error, and exits with status 1."""
import sys

print("loading data", flush=True)
print("checking the input schema", flush=True)
print("ERROR: column 'label' is missing from data/train.csv", file=sys.stderr, flush=True)
sys.exit(1)
