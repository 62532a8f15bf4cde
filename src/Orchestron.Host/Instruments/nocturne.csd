<CsoundSynthesizer>
<CsInstruments>
; Nocturne: a soft FM electric piano in a warm room, with a slow generative pattern that
; plays by itself so that a listener hears something before touching a key.
; sr and ksmps are left to the host (-r and -k on its command line); the voices are
; written for stereo at a full scale of 1.
nchnls = 2
0dbfs = 1

; Every MIDI channel plays the voice; program changes must not re-route it.
massign 0, 1
pgmassign 0, 0

chn_k "brightness", 1, 2, 0.5, 0, 1
chn_k "reverb", 1, 2, 0.35, 0, 1
chn_k "pattern", 1, 2, 0.6, 0, 1
chnset 0.5, "brightness"
chnset 0.35, "reverb"
chnset 0.6, "pattern"

giSine ftgen 0, 0, 16384, 10, 1
; Four chords of the pattern (Cmaj9, Am9, Fmaj9, G6/9), five notes each.
giChords ftgen 0, 0, -20, -2, 60, 64, 67, 71, 74, 57, 60, 64, 67, 71, 53, 57, 60, 64, 67, 55, 59, 62, 64, 69

; At most giVoices notes sound at once: past that the oldest is released (voice stealing), and maxalloc
; bounds the voices still in their release, so a flood of held notes costs at most 24 voices.
giVoices init 16
maxalloc 1, 24

gaDryL init 0
gaDryR init 0
gaSend init 0

; The voice, played by MIDI (note number and velocity) or by the pattern (p4 note, p5 velocity 0..1).
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
  ; Higher notes decay sooner, as on a real tine piano.
  idecay = 2.2 * (261.6 / icps) ^ 0.45 + 0.6
  iamp = 0.2 * (0.2 + 0.8 * ivel ^ 1.4)

  kbright chnget "brightness"
  kbright port kbright, 0.05, 0.5
  aattack linseg 0, 0.003, 1
  aenv expsegr 1, idecay * 0.25, 0.35, idecay * 2.5, 0.002, 0.35, 0.0001
  ; The FM index falls as the note rings, so the attack is bright and the tail round.
  kindex expseg 1, 1.2, 0.15, 1, 0.15
  abody foscili 1, icps, 1, 1, (0.4 + 2.2 * kbright) * (0.4 + 0.6 * ivel) * kindex, giSine
  ; The short metallic "tine" at the start of each note.
  ktine expseg 1, 0.12, 0.001, 1, 0.001
  atine foscili 0.25 * ivel, icps, 1, 14, 1.2 * ktine * (0.3 + kbright), giSine
  ; 1:1 FM puts a sideband at 0 Hz; remove it before it reaches the mix.
  asig dcblock2 (abody + atine * ktine) * aenv * aattack * iamp

  ipan = 0.5 + limit((inote - 60) / 60, -0.35, 0.35)
  gaDryL += asig * sqrt(1 - ipan)
  gaDryR += asig * sqrt(ipan)
  gaSend += asig
endin

; A slow pattern over the four chords: a soft bass note at each chord, sparse upper notes.
instr 10
  klevel chnget "pattern"
  kbeat metro 80 / 60 * 2
  kstep init 0
  if kbeat == 1 then
    kchord = int(kstep / 16) % 4
    if klevel > 0.001 then
      if kstep % 16 == 0 then
        event "i", 1, 0, 6, table(kchord * 5, giChords) - 24, 0.35 * klevel
      endif
      if random:k(0, 1) < 0.5 then
        kpick = int(random:k(0, 4.999))
        koctave = random:k(0, 1) < 0.3 ? 12 : 0
        event "i", 1, 0, random:k(0.3, 1.4), table(kchord * 5 + kpick, giChords) + koctave, random:k(0.2, 0.5) * klevel
      endif
    endif
    kstep += 1
  endif
endin

; The room and the amplifier: tremolo, reverb, and a soft ceiling below -1 dBFS.
instr 100
  kreverb chnget "reverb"
  kreverb port kreverb, 0.05, 0.35
  ktremolo lfo 0.18, 4.6
  awetL, awetR reverbsc gaSend, gaSend, 0.86, 9000
  amixL = gaDryL * (1 + ktremolo) + awetL * kreverb * 0.9
  amixR = gaDryR * (1 - ktremolo) + awetR * kreverb * 0.9
  outs 0.88 * tanh(amixL / 0.88), 0.88 * tanh(amixR / 0.88)
  clear gaDryL, gaDryR, gaSend
endin

alwayson 10
alwayson 100
</CsInstruments>
<CsScore>
f 0 z
</CsScore>
</CsoundSynthesizer>
