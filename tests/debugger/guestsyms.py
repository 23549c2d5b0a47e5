"""guestsyms.py - the address of a symbol of a guest program, from `nm` (shared by the
debugger's test scripts)."""
import subprocess
import sys


def symbol_of(guest, name):
    """The address of `name` in the ELF file `guest`; exits the test if there is none."""
    out = subprocess.run(["nm", guest], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[2] == name:
            return int(f[0], 16)
    sys.exit(f"symbol {name} not found in {guest}")
