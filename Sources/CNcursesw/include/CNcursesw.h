// The only header that includes curses.h. NCURSES_WIDECHAR must be defined here, in the public header, so that
// Swift sees the wide-character API (wget_wch, setcchar, mvwadd_wch): cSettings defines reach only the C files.
#ifndef CNCURSESW_H
#define CNCURSESW_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <ncursesw/curses.h>
#include <wchar.h>

// MARK: Locale

/// setlocale(LC_ALL, ""), then C.UTF-8 when the codeset is not UTF-8. Returns 1 when a UTF-8 locale is in force.
int cb_setup_locale(void);

/// wcwidth from libc (not visible through Glibc in Swift): -1 for non-printable or unknown.
int cb_wcwidth(unsigned int scalar);

// MARK: Session

/// Why cb_open failed (0: it did not).
enum {
    CB_OPEN_OK = 0,
    CB_OPEN_NOT_A_TTY = 1,      // stdin or stdout is not a terminal
    CB_OPEN_NO_TERM = 2,        // TERM unset or empty
    CB_OPEN_UNKNOWN_TERM = 3,   // no terminfo entry for TERM
    CB_OPEN_DUMB_TERM = 4,      // the terminal cannot address the cursor
    CB_OPEN_FAILED = 5,         // newterm failed for another reason
    CB_OPEN_ALREADY_OPEN = 6,
};

/// newterm(TERM, stdout, stdin) with raw, noecho, nonl, keypad, set_escdelay(25), and the restoring signal
/// handlers installed. Never exits the process: failure is a code. Returns the screen's stdscr or NULL.
WINDOW *cb_open(int *failure);

/// endwin + delscreen, at most once (also safe after a signal handler restored the terminal).
void cb_close(void);

/// Whether a screen is open and not yet restored.
int cb_is_open(void);

// MARK: Colours and attributes

/// Attribute bits the backend composes; the shim maps them to A_* (not importable into Swift).
enum {
    CB_ATTR_BOLD = 1,
    CB_ATTR_REVERSE = 2,
    CB_ATTR_UNDERLINE = 4,
    CB_ATTR_DIM = 8,
};

/// start_color + use_default_colors (falling back to white on black). Returns 0 when the terminal has no colours.
int cb_start_colors(void);

/// init_pair(pair, fg, bg); -1 means the terminal's default colour.
int cb_init_pair(short pair, short fg, short bg);

// MARK: Drawing

/// Draws one cell: `text` is up to CCHARW_MAX-1 wide characters (a base and its combining marks), NUL-terminated.
int cb_put_cell(WINDOW *win, int y, int x, const wchar_t *text, int attrs, short pair);

int cb_rows(WINDOW *win);
int cb_cols(WINDOW *win);

// MARK: Input

/// Whether the terminal's input is gone (hang-up, closed, error): checked after wget_wch returned ERR early.
int cb_input_closed(void);

/// KEY_F(n).
int cb_key_f(int n);

#endif
