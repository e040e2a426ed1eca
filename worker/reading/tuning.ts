// Every tuned number of readDigits, in one place. Lengths are relative to the line's symbol
// height H (the tallest usual height of a symbol in the line) unless they say otherwise; the
// shapes come from the MNIST digits (no digit is shorter than 0.6 of its box, a wide 2 or 5,
// and the numbers scale theirs by up to 20% against their neighbours), the costs were fitted on
// numbers made of MNIST training digits (the tests measure on the test digits).

// Finding the ink of a picture.
/** Pixels of the small copy a picture is first looked at to find its ink. */
export const PROBE_PIXELS = 48_000;
/** On that copy strokes thinned to grey still count: ink above the threshold divided by this. */
export const PROBE_THRESHOLD_DIVISOR = 4;
/** The line's height is that of the rows holding all but this share of the ink at each end (specks aside). */
export const STRAY_INK = 0.01;
/** A line at most this much higher than the working height is not resampled (the worker drew it about that size). */
export const RESAMPLE_ABOVE = 1.15;
/** Paper kept around the line's ink when it is cropped, in working pixels. */
export const LINE_MARGIN = 3;

// Measuring the line.
/** Components with at least this share of the largest's ink count for the symbol height ... */
export const MAJOR_AREA = 0.2;
/** ... and at least this share of the tallest's height ... */
export const MAJOR_HEIGHT = 0.5;
/** ... of which the symbol height is this quantile of the heights. */
export const HEIGHT_QUANTILE = 0.75;
/** Components smaller than this (x H², and at least 3 pixels) are noise, dropped at once. */
export const NOISE_AREA = 0.0015;

// Joining fragments into symbols.
/** A mark shorter than this (x H) is a speck, a dot or a dash, not a symbol. */
export const MIN_SYMBOL_HEIGHT = 0.3;
/** A piece of stroke shorter than this (x H) is a fragment, joined to the symbol beside it. */
export const FRAGMENT_HEIGHT = 0.6;
/** A piece with less ink than this (x the usual symbol's) is a fragment too ... */
export const FRAGMENT_AREA = 0.35;
/** ... unless it is at least this tall (x H): a thin 1. */
export const THIN_SYMBOL_HEIGHT = 0.75;
/** A fragment is joined to a neighbour at most this many stroke widths away (at least 2 pixels). */
export const NEAR_STROKES = 1.5;
/** Stacked pieces are joined when at most this far apart vertically (x H): a lifted bar, not a speck. */
export const STACK_GAP = 0.3;
/** The narrower of two stacked pieces overlaps at least this share of its width with the wider ... */
export const STACK_OVERLAP = 0.5;
/** ... and its centre lies at least this share of the wider's width inside the wider's ends. */
export const STACK_INSET = 0.1;
/** Nothing wider than this (x H) is joined into one symbol ... */
export const MAX_SYMBOL_WIDTH = 1.2;
/** ... nor higher than this (x H). */
export const MAX_SYMBOL_HEIGHT = 1.6;

// Cutting touching symbols apart.
/**
 * Faint ink (anti-aliased edges below the threshold) this many pixels around a group's
 * strokes is still its own; a group's region, which its pieces are cut from, reaches as far.
 */
export const FAINT_EDGE = 2;
/** The median width of a digit (x H), from the MNIST digits. */
export const USUAL_WIDTH = 0.7;
/** The width of a narrow 1 (x H): narrower symbols than this begin to cost. */
export const NARROW = 0.25;
/** A group at most this wide (x H) holds one symbol or two; a wider one may hold many. */
export const PAIR_WIDTH = 1.1;
/** A cut piece must be at least this high (x H) and wide (x H) to be a symbol. */
export const MIN_PIECE_HEIGHT = 0.45;
export const MIN_PIECE_WIDTH = 0.12;
/** A seam strays at most this far (x H, at least 2 pixels) from its column: enough to follow a slant. */
export const SEAM_REACH = 0.2;
/** What a seam's sideways step costs, in ink: it keeps seams straight where nothing is in the way. */
export const SEAM_STEP = 0.05;
/** Candidate seams per symbol height: seams a twentieth of H apart are close enough. */
export const SEAMS_PER_HEIGHT = 20;
/** Cut points of a wide group: local minima of the seams' cost, this far apart (x H) at least, ... */
export const SEAM_SPACING = 0.15;
/** ... and at most this many per symbol the group's width suggests. */
export const SEAMS_PER_SYMBOL = 1;
/** A piece spans at most this many cut points, and is at most this wide (x H). */
export const PIECE_SPAN = 5;
export const MAX_PIECE_WIDTH = 1.6;
/** A bit that a seam cut off a neighbour holds less than this share of a glyph's ink. */
export const CUT_OFF_BIT = 0.15;
/** Paper around each glyph's ink, in pixels, so that its border is background, as in a picture of it alone. */
export const GLYPH_MARGIN = 2;

// Weighing the pieces.
/**
 * What a piece's shape costs, in the units of a log-probability (the reader adds the model's
 * log top-1 probability of the piece to it): a symbol's width is log-normal around the usual
 * width, spread `wide` on the wide side and `narrow` below the width of a narrow 1; each
 * stroke its seam crosses costs `perStroke`. Seams are proposed with gentler weights than
 * pieces are weighed with, so that the model sees every plausible cut.
 */
export const PROPOSE = { wide: 0.25, narrow: 0.3, perStroke: 0.3 };
export const WEIGH = { wide: 0.6, narrow: 1.5, perStroke: 1 };
/**
 * Pieces only on chains costlier than the cheapest by more than this are dropped: the model
 * would need to be sure that the cheapest is wrong.
 */
export const KEEP = 5;
/**
 * How much a cut's cost in shapes weighs against the model's confidence (the sum of the log
 * top-1 probabilities of its digits) when the cuts of a stretch of ink are compared.
 */
export const SHAPE_WEIGHT = 1;
/** A top-1 probability is taken as at least this, so that its log stays finite. */
export const MIN_TOP_PROBABILITY = 1e-9;

// Writing the text.
/** A gap between two digits wider than this (x the digits' height: about one digit's width) is a space. */
export const SPACE_GAP = 0.8;
