"""Runs a command on a pseudo-terminal of a given size and prints what it wrote, with times.

usage: python3 pty-run.py COLUMNS ROWS COMMAND [ARGS...]
Output: one JSON object per line: {"t": seconds since start, "data": base64 bytes}, then {"exit": code}.
stdin, stdout and stderr of the command are the terminal, as in an interactive shell.
"""
import base64, fcntl, json, os, struct, subprocess, sys, termios, time

columns, rows, command = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
start = time.monotonic()
child = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
os.close(slave)
out = sys.stdout
while True:
    try:
        data = os.read(master, 65536)
    except OSError:  # EIO: the terminal's other side is closed
        break
    if not data:
        break
    out.write(json.dumps({"t": time.monotonic() - start, "data": base64.b64encode(data).decode()}) + "\n")
out.write(json.dumps({"exit": child.wait()}) + "\n")
