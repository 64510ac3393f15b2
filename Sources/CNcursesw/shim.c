// Small C functions for what Swift cannot import from ncursesw (macros, attributes, stdscr, signal handlers).
#define _GNU_SOURCE 1  // wcwidth, FIONREAD
#include "CNcursesw.h"

#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <term.h>
#include <unistd.h>

// MARK: Locale

int cb_setup_locale(void) {
    setlocale(LC_ALL, "");
    // Only the character type matters to curses; numbers keep the C format whatever the clerk's locale says.
    setlocale(LC_NUMERIC, "C");
    const char *codeset = nl_langinfo(CODESET);
    if (codeset && (strcasecmp(codeset, "UTF-8") == 0 || strcasecmp(codeset, "UTF8") == 0)) return 1;
    if (setlocale(LC_ALL, "C.UTF-8") || setlocale(LC_ALL, "C.utf8")) return 1;
    return 0;
}

int cb_wcwidth(unsigned int scalar) { return wcwidth((wchar_t)scalar); }

// MARK: Session and signals

static SCREEN *cb_screen = NULL;
static WINDOW *cb_window = NULL;
/// 1 while the terminal is in curses mode; the signal handler and cb_close race for it.
static volatile sig_atomic_t cb_active = 0;
static int cb_has_default_colors = 0;

static const int cb_restoring_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS,
                                           SIGILL, SIGFPE,  SIGABRT, SIGTRAP};
enum { CB_RESTORING_COUNT = sizeof cb_restoring_signals / sizeof cb_restoring_signals[0] };
/// Every handler changed during a session (ours, and ncurses' SIGWINCH/SIGTSTP), restored at close.
static const int cb_saved_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS,  SIGILL,
                                       SIGFPE, SIGABRT, SIGTRAP, SIGWINCH, SIGTSTP, SIGCONT};
enum { CB_SAVED_COUNT = sizeof cb_saved_signals / sizeof cb_saved_signals[0] };
static struct sigaction cb_saved_actions[CB_SAVED_COUNT];

static int cb_saved_index(int sig) {
    for (int i = 0; i < CB_SAVED_COUNT; i++) if (cb_saved_signals[i] == sig) return i;
    return -1;
}

static int cb_is_fault(int sig) {
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP;
}

/// Restores the terminal, then lets the signal do what it would have done before the session: the default
/// action (terminate, dump core) or the handler that was there (Swift's crash reporter for a real crash).
/// endwin is not formally async-signal-safe, but it is what curses programs do here, and the next action is
/// installed first so that a fault inside endwin still ends the process.
static void cb_signal_handler(int sig, siginfo_t *info, void *context) {
    (void)context;
    int code = info ? info->si_code : SI_USER;
    // kill(1)/kill(2) and sigqueue are requests to stop, not crashes: the default action, not a crash report.
    int requested = code == SI_USER || code == SI_QUEUE;
    // A real fault (si_code > 0) happens again when the handler returns, with its original siginfo.
    int kernel_fault = cb_is_fault(sig) && code > 0;
    int i = cb_saved_index(sig);
    if (requested || i < 0) {
        struct sigaction dfl;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigemptyset(&dfl.sa_mask);
        sigaction(sig, &dfl, NULL);
    } else {
        sigaction(sig, &cb_saved_actions[i], NULL);
    }
    if (cb_active) {
        cb_active = 0;
        endwin();
    }
    // Any other signal is blocked while its handler runs: raised now, it is delivered on return.
    if (!kernel_fault) raise(sig);
}

/// exit() without close (ArgumentParser's exit, a fatal path): the terminal is still restored.
static void cb_restore_at_exit(void) {
    if (cb_active) {
        cb_active = 0;
        endwin();
    }
}

static void cb_block_restoring_signals(int how, sigset_t *old) {
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < CB_RESTORING_COUNT; i++) sigaddset(&set, cb_restoring_signals[i]);
    pthread_sigmask(how, &set, old);
}

WINDOW *cb_open(int *failure) {
    *failure = CB_OPEN_OK;
    if (cb_screen) { *failure = CB_OPEN_ALREADY_OPEN; return NULL; }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) { *failure = CB_OPEN_NOT_A_TTY; return NULL; }
    const char *term = getenv("TERM");
    if (!term || !*term) { *failure = CB_OPEN_NO_TERM; return NULL; }

    for (int i = 0; i < CB_SAVED_COUNT; i++) sigaction(cb_saved_signals[i], NULL, &cb_saved_actions[i]);

    // newterm, unlike initscr, returns NULL for an unknown TERM instead of printing and exiting.
    SCREEN *screen = newterm(term, stdout, stdin);
    if (!screen) { *failure = CB_OPEN_UNKNOWN_TERM; return NULL; }
    set_term(screen);
    const char *cup = tigetstr("cup");
    if (cup == NULL || cup == (char *)-1) {
        endwin();
        delscreen(screen);
        *failure = CB_OPEN_DUMB_TERM;
        return NULL;
    }
    cb_screen = screen;
    cb_window = stdscr;
    cb_active = 1;

    raw();
    noecho();
    nonl();
    intrflush(cb_window, FALSE);
    keypad(cb_window, TRUE);
    meta(cb_window, TRUE);
    set_escdelay(25);

    static int registered_at_exit = 0;
    if (!registered_at_exit) registered_at_exit = atexit(cb_restore_at_exit) == 0;

    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = cb_signal_handler;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < CB_RESTORING_COUNT; i++) {
        int sig = cb_restoring_signals[i];
        // A signal ignored by whoever started us (nohup, a background job) stays ignored; a hang-up then shows
        // as closed input, which ends the loop.
        struct sigaction *before = &cb_saved_actions[cb_saved_index(sig)];
        if (!(before->sa_flags & SA_SIGINFO) && before->sa_handler == SIG_IGN) continue;
        sigaction(sig, &action, NULL);
    }
    // A parent (a test runner, tmux started from one) may have left these blocked: kill must still restore.
    cb_block_restoring_signals(SIG_UNBLOCK, NULL);
    return cb_window;
}

void cb_close(void) {
    if (!cb_screen) return;
    sigset_t old;
    cb_block_restoring_signals(SIG_BLOCK, &old);
    if (cb_active) {
        cb_active = 0;
        endwin();
    }
    for (int i = 0; i < CB_SAVED_COUNT; i++) sigaction(cb_saved_signals[i], &cb_saved_actions[i], NULL);
    delscreen(cb_screen);
    cb_screen = NULL;
    cb_window = NULL;
    fflush(stdout);
    // A signal that arrived meanwhile is now delivered with the process's original action.
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

int cb_is_open(void) { return cb_screen != NULL && cb_active; }

// MARK: Colours and attributes

int cb_start_colors(void) {
    if (!has_colors() || start_color() != OK) return 0;
    cb_has_default_colors = use_default_colors() == OK;
    return 1;
}

int cb_init_pair(short pair, short fg, short bg) {
    if (!cb_has_default_colors) {
        if (fg < 0) fg = COLOR_WHITE;
        if (bg < 0) bg = COLOR_BLACK;
    }
    if (pair >= COLOR_PAIRS) return ERR;
    return init_pair(pair, fg, bg);
}

static attr_t cb_attributes(int bits) {
    attr_t a = A_NORMAL;
    if (bits & CB_ATTR_BOLD) a |= A_BOLD;
    if (bits & CB_ATTR_REVERSE) a |= A_REVERSE;
    if (bits & CB_ATTR_UNDERLINE) a |= A_UNDERLINE;
    if (bits & CB_ATTR_DIM) a |= A_DIM;
    return a;
}

// MARK: Drawing

int cb_put_cell(WINDOW *win, int y, int x, const wchar_t *text, int attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, cb_attributes(attrs), pair, NULL) == ERR) return ERR;
    // At the bottom-right corner the character is stored but the cursor cannot advance: ERR is expected there.
    return mvwadd_wch(win, y, x, &cell);
}

int cb_rows(WINDOW *win) { return getmaxy(win); }
int cb_cols(WINDOW *win) { return getmaxx(win); }

// MARK: Input

int cb_input_closed(void) {
    struct pollfd fd = {.fd = STDIN_FILENO, .events = POLLIN};
    int n = poll(&fd, 1, 0);
    if (n < 0) return 0;
    if (n == 0) return 0;
    if (fd.revents & (POLLHUP | POLLERR | POLLNVAL)) return 1;
    if (fd.revents & POLLIN) {
        // Readable with nothing to read: end of file.
        int pending = 0;
        if (ioctl(STDIN_FILENO, FIONREAD, &pending) == 0 && pending == 0) return 1;
    }
    return 0;
}

int cb_key_f(int n) { return KEY_F(n); }
