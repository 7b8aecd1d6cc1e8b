#!/usr/bin/env python3
# The Redis memory one idempotency record of a charge costs (wallet-service/README.md "Idempotency").
# Usage: bench/idempotency-record-bytes.py PORT   (an otherwise empty Redis: it runs FLUSHALL)
# e.g. with the suite's Redis binary:
#   R=$(ls /tmp/pes-binaries/embedded-redis-*/redis-server-*-linux-amd64 | head -1)
#   $R --port 6999 --save '' --appendonly no --daemonize yes && bench/idempotency-record-bytes.py 6999
# It SETs 200,000 records of the charge's key and value (pes:event:<uuid> → five 8-hex field
# hashes, a newline, the outcome) with a TTL, and divides the used_memory delta by their number.
import socket, sys, uuid
def cmd(s, *args):
    out = b'*%d\r\n' % len(args)
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out += b'$%d\r\n%s\r\n' % (len(a), a)
    return out
s = socket.create_connection(('127.0.0.1', int(sys.argv[1]) if len(sys.argv) > 1 else 6379)); f = s.makefile('rb')
def call(*args):
    s.sendall(cmd(s, *args)); return read()
def read():
    line = f.readline()
    t = line[:1]
    if t == b'+' or t == b'-' : return line[1:].strip()
    if t == b':': return int(line[1:])
    if t == b'$':
        n = int(line[1:]); 
        if n < 0: return None
        d = f.read(n + 2); return d[:-2]
    if t == b'*':
        return [read() for _ in range(int(line[1:]))]
def used():
    info = call('INFO', 'memory').decode()
    return int([l for l in info.split('\r\n') if l.startswith('used_memory:')][0].split(':')[1])
call('FLUSHALL')
base = used()
N = 200000
fp = '.'.join(['a1b2c3d4'] * 5)  # charge: 5 fields
outcome = 'ok|50|35|15|999950'
batch = b''
for i in range(N):
    batch += cmd(s, 'SET', 'pes:event:' + str(uuid.uuid4()), fp + '\n' + outcome, 'EX', '3600')
    if i % 1000 == 999:
        s.sendall(batch); batch = b''
        for _ in range(1000): read()
after = used()
print('charge record, uuid id: %.1f bytes per record (used_memory delta / N)' % ((after - base) / N))
k = 'pes:event:' + str(uuid.uuid4()); call('SET', k, fp + '\n' + outcome, 'EX', '3600')
print('MEMORY USAGE of one:', call('MEMORY', 'USAGE', k))
