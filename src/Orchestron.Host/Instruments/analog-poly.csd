<CsoundSynthesizer>
<CsInstruments>
; Analog Poly: a warm subtractive polysynth. Two detuned band-limited saws and a slowly
; modulated pulse through a Moog ladder filter, with a filter envelope that opens with velocity.
; sr and ksmps are left to the host (-r and -k on its command line); the voices are
; written for stereo at a full scale of 1.
nchnls = 2
0dbfs = 1

massign 0, 1
pgmassign 0, 0

chn_k "cutoff", 1, 3, 1800, 80, 12000
chn_k "resonance", 1, 2, 0.3, 0, 0.9
chn_k "reverb", 1, 2, 0.25, 0, 1
chnset 1800, "cutoff"
chnset 0.3, "resonance"
chnset 0.25, "reverb"

; At most giVoices notes sound at once: past that the oldest is released (voice stealing), and maxalloc
; bounds the voices still in their release, so a flood of held notes costs at most 16 voices.
giVoices init 12
maxalloc 1, 16

gaDryL init 0
gaDryR init 0
gaSend init 0

; The voice, played by MIDI (note number and velocity) or by a score event (p4 note, p5 velocity 0..1).
instr 1
  if active:i(1, 0, 1) > giVoices then
    turnoff2_i 1, 1, 1
  endif
  ichannel midichn
  if ichannel > 0 then
    inote notnum
    ivel veloc 0, 1
  else
    inote = p4
    ivel = p5
  endif
  icps = cpsmidinn(inote)
  iamp = 0.4 * (0.3 + 0.7 * ivel)

  kcutoff chnget "cutoff"
  kcutoff port kcutoff, 0.04, 1800
  kres chnget "resonance"
  kres port kres, 0.04, 0.3

  ; Slow, slightly different drift per voice keeps the unison alive.
  kdrift jspline 3, 0.2, 0.6
  asawL vco2 0.5, icps * cent(-7 + kdrift)
  asawR vco2 0.5, icps * cent(7 - kdrift)
  kwidth lfo 0.2, 0.35
  apulse vco2 0.25, icps, 2, 0.5 + kwidth
  ; An off-centre pulse carries a DC offset that would only waste headroom.
  apulse dcblock2 apulse

  ; The filter opens on the attack, further the harder the key is struck, and tracks the keyboard.
  kfilterenv madsr 0.004, 0.7, 0.3, 0.5
  ktrack = (icps / 261.6) ^ 0.5
  kcf limit kcutoff * ktrack * (1 + 4 * ivel * kfilterenv), 30, 18000
  afiltL moogladder asawL + apulse, kcf, kres
  afiltR moogladder asawR + apulse, kcf * 1.01, kres

  aenv madsr 0.008, 0.4, 0.75, 0.45
  afiltL = afiltL * aenv * iamp
  afiltR = afiltR * aenv * iamp
  gaDryL += afiltL
  gaDryR += afiltR
  gaSend += (afiltL + afiltR) * 0.5
endin

instr 100
  kreverb chnget "reverb"
  kreverb port kreverb, 0.05, 0.25
  awetL, awetR reverbsc gaSend, gaSend, 0.8, 7000
  amixL = gaDryL + awetL * kreverb
  amixR = gaDryR + awetR * kreverb
  outs 0.88 * tanh(amixL / 0.88), 0.88 * tanh(amixR / 0.88)
  clear gaDryL, gaDryR, gaSend
endin

alwayson 100
</CsInstruments>
<CsScore>
f 0 z
</CsScore>
</CsoundSynthesizer>
