<CsoundSynthesizer>
<CsOptions>
-d
</CsOptions>
<CsInstruments>
; Orchestron's default instrument: a slow A minor - F - C - G progression, a warm detuned pad
; under a plucked arpeggio, through a stereo reverb. One pass of the progression takes 8 seconds.
; Control channels: "volume" (0..1, default 0.8) and "brightness" (0..1, default 0.5).
; MIDI input on any channel plays the "Keys" instrument.

sr = 48000
ksmps = 32
nchnls = 2
0dbfs = 1

giRoots[] fillarray 57, 53, 48, 55
giThirds[] fillarray 3, 4, 4, 4
giArpeggio[] fillarray 0, 2, 4, 3, 1, 3, 2, 4

gaReverbLeft init 0
gaReverbRight init 0

chn_k "volume", 1
chn_k "brightness", 1
chnset 0.8, "volume"
chnset 0.5, "brightness"

massign 0, "Keys"

instr Conductor
  kChord init -1
  kStep init 0
  kNextChord = int(timeinsts() / 2) % 4
  ; No new chord in the last moments of a finite run (p3 < 0 means held until turned off).
  if kNextChord != kChord && (p3 < 0 || timeinsts() < p3 - 0.1) then
    kChord = kNextChord
    event "i", "Pad", 0, 2.4, giRoots[kChord], giThirds[kChord]
  endif
  if metro(6) == 1 then
    kTone = giArpeggio[kStep % 8]
    kThird = giThirds[kChord]
    kInterval = (kTone == 0 ? 0 : (kTone == 1 ? kThird : (kTone == 2 ? 7 : (kTone == 3 ? 12 : 12 + kThird))))
    event "i", "Pluck", 0, 0.6, giRoots[kChord] + 12 + kInterval, (kStep % 8 == 0 ? 0.34 : 0.24)
    kStep += 1
  endif
endin

instr Pad
  iRoot = p4
  iThird = p5
  aEnvelope linseg 0, 0.7, 1, p3 - 1.4, 1, 0.7, 0
  aLow vco2 0.12, cpsmidinn(iRoot - 12)
  aRoot vco2 0.14, cpsmidinn(iRoot) * 1.002
  aThird vco2 0.12, cpsmidinn(iRoot + iThird) * 0.998
  aFifth vco2 0.12, cpsmidinn(iRoot + 7) * 1.003
  kBrightness chnget "brightness"
  kCutoff = 500 + 2500 * limit(kBrightness, 0, 1) + 300 * lfo(1, 0.25)
  aFiltered moogladder (aLow + aRoot + aThird + aFifth) * aEnvelope, kCutoff, 0.15
  aSignal = aFiltered * limit(chnget:k("volume"), 0, 1)
  outs aSignal * 0.9, aSignal
  gaReverbLeft += aSignal * 0.35
  gaReverbRight += aSignal * 0.35
endin

instr Pluck
  iFrequency = cpsmidinn(p4)
  aEnvelope expsegr 1, p3, 0.001, 0.05, 0.001
  aSignal vco2 p5, iFrequency, 12
  aSignal = aSignal * aEnvelope * limit(chnget:k("volume"), 0, 1)
  aLeft, aRight pan2 aSignal, 0.3 + 0.4 * (p4 % 12) / 12
  outs aLeft, aRight
  gaReverbLeft += aLeft * 0.5
  gaReverbRight += aRight * 0.5
endin

instr Keys
  iFrequency cpsmidi
  iAmplitude ampmidi 0.25
  aEnvelope madsr 0.01, 0.2, 0.6, 0.4
  aSignal vco2 iAmplitude, iFrequency, 10
  aSignal moogladder aSignal * aEnvelope, 2500, 0.1
  aSignal = aSignal * limit(chnget:k("volume"), 0, 1)
  outs aSignal, aSignal
  gaReverbLeft += aSignal * 0.3
  gaReverbRight += aSignal * 0.3
endin

instr Reverb
  aLeft, aRight reverbsc gaReverbLeft, gaReverbRight, 0.85, 8000
  outs aLeft * 0.5, aRight * 0.5
  clear gaReverbLeft, gaReverbRight
endin

</CsInstruments>
<CsScore>
i "Reverb" 0 18
i "Conductor" 0 16
</CsScore>
</CsoundSynthesizer>
