"""A Domino run that takes long: the cancellation test stops it while it sleeps."""
import time

print("slow.py is running", flush=True)
time.sleep(300)
print("slow.py finished", flush=True)
