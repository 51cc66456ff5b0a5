"""A Domino run that fails: prints its reason, then exits 1."""
import sys

print("training step 1 ok", flush=True)
print("fail.py: ValueError: the input is bad", flush=True)
sys.exit(1)
