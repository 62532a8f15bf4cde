#!/usr/bin/python3
"""Lays the browser benchmark's notes beside a packet capture on loopback, and reads the host's pacing as NetEQ sees it.

  capture: python3 wire-breakdown.py capture OUT.bin       (as root; until SIGINT or SIGTERM)
  analyse: python3 wire-breakdown.py analyse OUT.bin NOTES.txt

NOTES.txt is the benchmark's standard error: its "[note] frame-ms lead sent-epoch-ms to-page-ms to-output-ms" lines
(one per timed note, the send time on the machine's wall clock, performance.timeOrigin + performance.now()).

What a capture can read without keys: UDP datagrams on lo, their arrival time, size and the clear headers. The
note-on leaves the page as a DTLS application-data record from the browser's port to the host's (the control data
channel); the sound comes back as SRTP whose RTP header (sequence, timestamp) is clear. Per note this gives the time from the page's send to the note's datagram on the wire. Over the whole stream it gives
each packet's send time against its RTP timestamp, measured the way NetEQ's PacketArrivalHistory measures arrival
delay (against the earliest packet of the last two seconds), and the largest of those in each 500 ms, which is what
NetEQ's UnderrunOptimizer puts in its histogram: what the host's pacing gives NetEQ's target and its accelerate limit.
(The SRTP payload is encrypted and Opus packets of silence and of the sine are the same size at this bitrate, so the
capture cannot tell which packet carries a note's first sound: the `latency` mode measures that share.)
"""
import signal
import socket
import statistics
import struct
import sys
import time

PACKET_OUTGOING = 4
RECORD = struct.Struct("<dHHH12s")  # arrival (s), source port, destination port, UDP payload length, first bytes


def capture(path):
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(0x0800))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 << 20)
    sock.bind(("lo", 0))
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    sock.settimeout(0.2)
    with open(path, "wb") as out:
        while not stop:
            try:
                frame, address = sock.recvfrom(2048)
            except socket.timeout:
                continue
            except InterruptedError:
                continue
            now = time.time()
            # Loopback shows each datagram leaving and arriving; keep the arrival. Ethernet header of 14 bytes on lo.
            if address[2] == PACKET_OUTGOING or len(frame) < 14 + 20 + 8:
                continue
            ip = frame[14:]
            if ip[0] >> 4 != 4 or ip[9] != 17:
                continue
            header = (ip[0] & 15) * 4
            source, destination, length = struct.unpack("!HHH", ip[header:header + 6])
            payload = ip[header + 8:header + 8 + 12].ljust(12, b"\0")
            out.write(RECORD.pack(now, source, destination, length - 8, payload))


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    return [RECORD.unpack_from(data, i) for i in range(0, len(data) - RECORD.size + 1, RECORD.size)]


def is_rtp(payload):
    # RFC 7983: 128..191 is RTP or RTCP; RTCP packet types 192..223 in the second byte.
    return 128 <= payload[0] <= 191 and not 192 <= payload[1] <= 223


def median(values):
    return statistics.median(values) if values else float("nan")


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def unwrap(rtp):
    unwrapped, last, offset = [], None, 0
    for t, length, (sequence, timestamp) in rtp:
        if last is not None and timestamp < last and last - timestamp > 1 << 31:
            offset += 1 << 32
        last = timestamp
        unwrapped.append((t, length, timestamp + offset))
    return unwrapped


def send_delays(unwrapped):
    """Each packet's delay against the packet of the last two seconds of RTP time that left earliest for its
    timestamp: NetEQ's PacketArrivalHistory::GetPacketArrivalDelayMs, with arrival = send on loopback."""
    delays, window = [], []
    for t, length, timestamp in unwrapped:
        window.append((t, timestamp))
        while window[-1][1] - window[0][1] > 2 * 48000:
            window.pop(0)
        anchor = min(window, key=lambda pair: pair[0] - pair[1] / 48000)
        delays.append((t - anchor[0]) * 1000 - (timestamp - anchor[1]) / 48)
    return delays


def interval_maxima(unwrapped, delays):
    """The largest delay in each 500 ms: what NetEQ's UnderrunOptimizer adds to its histogram (resample_interval_ms)."""
    maxima, start, peak = [], None, 0.0
    for (t, _, _), delay in zip(unwrapped, delays):
        if start is None or t - start > 0.5:
            if start is not None:
                maxima.append(peak)
            start, peak = t, 0.0
        peak = max(peak, delay)
    return maxima


def analyse(capture_path, notes_path):
    packets = load(capture_path)
    notes = []
    with open(notes_path) as f:
        for line in f:
            if line.startswith("[note] "):
                frame, lead, sent, to_page, to_output = line.split()[1:6]
                notes.append((float(frame), int(lead), float(sent) / 1000, float(to_page), float(to_output)))

    # One flow per row (each row starts its own host): the RTP flows, each with its packets and its span.
    flows = {}
    for t, s, d, length, payload in packets:
        if is_rtp(payload):
            flows.setdefault((s, d), []).append((t, length, struct.unpack("!HI", payload[2:8])))
    # Each note belongs to the flow of its frame size whose browser sent a datagram soonest after the page sent the
    # note (other programs' flows on lo may overlap in time).
    rate = {key: len(rtp) / max(rtp[-1][0] - rtp[0][0], 1e-3) for key, rtp in flows.items()}
    owner = {}
    for index, (frame, _, sent, _, _) in enumerate(notes):
        best = None
        for (host_port, browser_port) in flows:
            if abs(rate[(host_port, browser_port)] - 1000 / frame) > 0.1 * 1000 / frame:
                continue
            up = next((t for t, s, d, length, payload in packets
                       if t >= sent and s == browser_port and d == host_port and payload[0] == 23), None)
            if up is not None and up - sent < 0.005 and (best is None or up < best[0]):
                best = (up, (host_port, browser_port))
        if best is not None:
            owner[index] = best
    for (host_port, browser_port), rtp in flows.items():
        if len(rtp) < 200:
            continue
        unwrapped = unwrap(rtp)
        delays = send_delays(unwrapped)
        maxima = interval_maxima(unwrapped, delays)
        mine = [((owner[i][0] - sent) * 1000, to_page, to_output)
                for i, (_, _, sent, to_page, to_output) in enumerate(notes) if owner.get(i, (0, None))[1] == (host_port, browser_port)]
        if len(mine) < 5:
            continue
        print(f"\nRTP {host_port} -> {browser_port}: {len(rtp)} packets over {unwrapped[-1][0] - unwrapped[0][0]:.1f} s, "
              f"{len(mine)} notes on its control channel")
        print(f"send time against RTP timestamp (NetEQ's arrival delay on loopback), ms: median {median(delays):.2f}, "
              f"p95 {percentile(delays, 95):.2f}, p99 {percentile(delays, 99):.2f}, largest {max(delays):.2f}")
        print(f"largest per 500 ms (the histogram's input): median {median(maxima):.2f}, p95 {percentile(maxima, 95):.2f}, "
              f"largest {max(maxima):.2f}; intervals >= 20 ms: {sum(m >= 20 for m in maxima)} of {len(maxima)}")
        for name, index in (("page to wire (the note's datagram)", 0), ("onset in page", 1), ("onset at output", 2)):
            values = [note[index] for note in mine]
            print(f"{name}, ms: median {median(values):.2f}, p10 {percentile(values, 10):.2f}, p90 {percentile(values, 90):.2f}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "capture":
        capture(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "analyse":
        analyse(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
