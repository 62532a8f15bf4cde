#!/usr/bin/python3
"""A real WebRTC listening peer (aiortc) for interop tests.

Protocol on stdin/stdout, one JSON object per line:
  -> {"type": "offer", "sdp": "..."}          a recvonly audio offer, after ICE gathering
  <- {"type": "answer", "sdp": "..."}         the answer from the peer under test
  -> {"event": "...", ...}                    state changes, then a final {"event": "done", ...}

The decoded audio (48 kHz, interleaved signed 16-bit, as aiortc's Opus decoder delivers it)
is written to the file named by --output so that the test can analyse it.
"""
import argparse
import asyncio
import json
import sys
import time

from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


async def read_line():
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, sys.stdin.readline)


async def record(track, output, seconds, stats):
    deadline = None
    with open(output, "wb") as sink:
        while True:
            try:
                frame = await asyncio.wait_for(track.recv(), timeout=5.0)
            except (MediaStreamError, asyncio.TimeoutError):
                stats["ended"] = True
                return
            if deadline is None:
                deadline = time.monotonic() + seconds
                stats["sampleRate"] = frame.sample_rate
                stats["channels"] = len(frame.layout.channels)
            sink.write(bytes(frame.planes[0])[: frame.samples * 2 * len(frame.layout.channels)])
            stats["frames"] += 1
            stats["samples"] += frame.samples
            if time.monotonic() >= deadline:
                return


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--output", required=True)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--connect-timeout", type=float, default=20.0)
    args = parser.parse_args()

    pc = RTCPeerConnection()
    pc.addTransceiver("audio", direction="recvonly")
    stats = {"frames": 0, "samples": 0, "sampleRate": 0, "channels": 0, "ended": False}
    track_ready = asyncio.get_running_loop().create_future()

    @pc.on("track")
    def on_track(track):
        if track.kind == "audio" and not track_ready.done():
            track_ready.set_result(track)

    @pc.on("connectionstatechange")
    def on_state():
        emit({"event": "connectionstate", "state": pc.connectionState})

    await pc.setLocalDescription(await pc.createOffer())
    emit({"type": "offer", "sdp": pc.localDescription.sdp})

    try:
        answer = json.loads(await read_line())
        await pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type=answer["type"]))
    except Exception as error:  # the answer under test was rejected: report it, do not crash
        await pc.close()
        emit({"event": "done", **stats, "error": f"answer rejected: {error!r}"})
        return

    try:
        track = await asyncio.wait_for(track_ready, timeout=args.connect_timeout)
        await record(track, args.output, args.seconds, stats)
    except asyncio.TimeoutError:
        stats["error"] = "no audio track within the connect timeout"
    stats["connectionState"] = pc.connectionState
    await pc.close()
    emit({"event": "done", **stats})


if __name__ == "__main__":
    asyncio.run(main())
