#!/usr/bin/python3
"""A real WebRTC peer (aiortc) that listens to a session and plays it over the control data channel.

Protocol on stdin/stdout, one JSON object per line, as aiortc_listener.py:
  <- {"type": "offer", "sdp": "..."}      recvonly audio plus the data channel section
  -> {"type": "answer", "sdp": "..."}
  <- {"event": "...", ...}                 progress, then a final {"event": "done", ...}

The peer opens one channel, "orchestron-control", unordered and reliable. --steps names a JSON file:
[{"at": seconds after the first audio frame, "send": ["hex", ...]}, ...]; each step's messages are sent
back to back at its time. The peer reports the audio's RMS level per 20 ms frame (with the frame's time
after the first frame), every message that came back (hex, with its time), and when the channel opened
and closed, after --seconds of audio (or at --timeout).
"""
import argparse
import asyncio
import json
import sys
import time

import numpy
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


async def read_line():
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, sys.stdin.readline)


async def measure_audio(track, audio):
    while True:
        try:
            frame = await asyncio.wait_for(track.recv(), timeout=5.0)
        except (MediaStreamError, asyncio.TimeoutError):
            return
        now = time.monotonic()
        if audio["start"] is None:
            audio["start"] = now
        samples = frame.to_ndarray().astype(numpy.float64) / 32768.0
        audio["levels"].append([round(now - audio["start"], 4), float(numpy.sqrt(numpy.mean(samples * samples)))])


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", required=True)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--timeout", type=float, default=40.0)
    args = parser.parse_args()
    with open(args.steps) as f:
        steps = sorted(json.load(f), key=lambda s: s["at"])

    pc = RTCPeerConnection()
    pc.addTransceiver("audio", direction="recvonly")
    channel = pc.createDataChannel("orchestron-control", ordered=False)
    audio = {"start": None, "levels": []}
    log = {"openedAt": None, "closedAt": None, "received": [], "sent": 0}
    began = time.monotonic()
    tasks = []

    def since_audio():
        return round(time.monotonic() - (audio["start"] or began), 4)

    @channel.on("open")
    def on_open():
        log["openedAt"] = since_audio()

    @channel.on("close")
    def on_close():
        log["closedAt"] = since_audio()

    @channel.on("message")
    def on_message(message):
        data = message if isinstance(message, bytes) else message.encode()
        log["received"].append([since_audio(), data.hex()])

    @pc.on("track")
    def on_track(track):
        if track.kind == "audio":
            tasks.append(asyncio.ensure_future(measure_audio(track, audio)))

    await pc.setLocalDescription(await pc.createOffer())
    emit({"type": "offer", "sdp": pc.localDescription.sdp})
    try:
        answer = json.loads(await read_line())
        await pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type=answer["type"]))
    except Exception as error:  # the answer under test was rejected: report it, do not crash
        await pc.close()
        emit({"event": "done", "error": f"answer rejected: {error!r}"})
        return

    deadline = began + args.timeout
    while time.monotonic() < deadline:
        if audio["start"] is not None:
            elapsed = time.monotonic() - audio["start"]
            while steps and steps[0]["at"] <= elapsed:
                step = steps.pop(0)
                if channel.readyState == "open":
                    for message in step["send"]:
                        channel.send(bytes.fromhex(message))
                        log["sent"] += 1
            if elapsed >= args.seconds and not steps:
                break
        await asyncio.sleep(0.005)

    await asyncio.sleep(0.5)
    log["stateAtEnd"] = channel.readyState
    connection = pc.connectionState
    # Closing the connection closes the channel too: report what the host did, not that.
    report = json.loads(json.dumps(log))
    await pc.close()
    for task in tasks:
        task.cancel()
    emit({"event": "done", "connectionState": connection, "channel": report, "levels": audio["levels"]})


if __name__ == "__main__":
    asyncio.run(main())
