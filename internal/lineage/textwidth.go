package lineage

import "math"

// advance holds the advance widths, in thousandths of an em, of DejaVu Sans
// Bold: the widest of the fonts the stylesheet names (system-ui falls back to
// it on Linux), in bold because the highlighted node is bold. Measured in
// Chromium with canvas measureText at 1000 px and rounded up. Sizing boxes
// by the widest font leaves room to spare in narrower ones (Segoe UI,
// San Francisco, Roboto), so no name spills out whichever the reader has.
var advance = map[rune]int{
	' ': 349, '!': 457, '"': 521, '#': 838, '$': 696, '%': 1002, '&': 873, '\'': 307,
	'(': 458, ')': 458, '*': 523, '+': 838, ',': 380, '-': 416, '.': 380, '/': 366,
	'0': 696, '1': 696, '2': 696, '3': 696, '4': 696, '5': 696, '6': 696, '7': 696, '8': 696, '9': 696,
	':': 400, ';': 400, '<': 838, '=': 838, '>': 838, '?': 581, '@': 1000,
	'A': 774, 'B': 763, 'C': 734, 'D': 831, 'E': 684, 'F': 684, 'G': 821, 'H': 837, 'I': 373,
	'J': 373, 'K': 775, 'L': 638, 'M': 996, 'N': 837, 'O': 851, 'P': 733, 'Q': 851, 'R': 771,
	'S': 721, 'T': 683, 'U': 813, 'V': 774, 'W': 1104, 'X': 771, 'Y': 725, 'Z': 726,
	'[': 458, '\\': 366, ']': 458, '^': 838, '_': 500, '`': 500,
	'a': 675, 'b': 716, 'c': 593, 'd': 716, 'e': 679, 'f': 436, 'g': 716, 'h': 712, 'i': 343,
	'j': 343, 'k': 666, 'l': 343, 'm': 1042, 'n': 712, 'o': 688, 'p': 716, 'q': 716, 'r': 494,
	's': 596, 't': 479, 'u': 712, 'v': 652, 'w': 924, 'x': 646, 'y': 652, 'z': 583,
	'{': 712, '|': 366, '}': 712, '~': 838,
	'Å': 774, 'Ä': 774, 'Ö': 851, 'å': 675, 'ä': 675, 'ö': 688, 'É': 684, 'é': 679,
	'Ü': 813, 'ü': 712, 'Ø': 851, 'ø': 688, 'Æ': 1085, 'æ': 1048, '–': 500,
}

// wideRune is the width assumed for a letter the table lacks: as wide as the
// widest capitals, so that a rare letter never makes a box too narrow.
const wideRune = 1000

// TextWidth returns how wide s is, in pixels, set in a sans-serif font of
// size px: as wide as DejaVu Sans Bold draws it without kerning, which is a
// little wider than with it.
func TextWidth(s string, px float64) float64 {
	em := 0
	for _, r := range s {
		w, ok := advance[r]
		if !ok {
			w = wideRune
		}
		em += w
	}
	return math.Ceil(float64(em) * px / 1000)
}
