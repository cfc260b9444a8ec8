#!/usr/bin/python3
"""What the end-to-end tests do to windows that WebDriver cannot: see the X display's
windows (native dialogs included) and ask one to close as a window manager does when its
close button is clicked (a WM_DELETE_WINDOW message, which GTK turns into a close request;
the app may refuse it). Under Xvfb there is no window manager to send it.

    x11.py titles          one "ID<TAB>TITLE" line per named window
    x11.py close TITLE     asks every window named TITLE to close; exit 1 when there is none
    x11.py keys TITLE KEY  gives the window named TITLE the keyboard and presses KEY in it, as
                           the keyboard does (XTEST): `alt+o` presses O with Alt held, which
                           a GTK dialog takes as its "_OK" button; exit 1 when there is none

Run by Debian's /usr/bin/python3, which has python3-xlib (scripts/apt-app.txt).
"""

import sys

from Xlib import X, XK, display, protocol
from Xlib.ext import xtest


def named_windows(d):
    """(window, title) of every named window under the root, depth first."""
    found = []
    stack = [d.screen().root]
    while stack:
        w = stack.pop()
        try:
            name = w.get_wm_name()
            children = w.query_tree().children
        except Exception:  # a window gone while walking
            continue
        if isinstance(name, bytes):
            name = name.decode("utf-8", "replace")
        if name:
            found.append((w, name))
        stack.extend(children)
    return found


def ask_to_close(d, w):
    """Sends `w` the WM_DELETE_WINDOW message a window manager sends."""
    protocols = d.intern_atom("WM_PROTOCOLS")
    delete = d.intern_atom("WM_DELETE_WINDOW")
    event = protocol.event.ClientMessage(
        window=w,
        client_type=protocols,
        data=(32, [delete, X.CurrentTime, 0, 0, 0]),
    )
    w.send_event(event, event_mask=X.NoEventMask)


def press(d, w, spec):
    """Focuses `w` and presses the keys of `spec` (`alt+o`: modifiers first, released last)."""
    w.set_input_focus(X.RevertToParent, X.CurrentTime)
    d.sync()
    names = {"alt": "Alt_L", "ctrl": "Control_L", "shift": "Shift_L"}
    codes = []
    for part in spec.split("+"):
        sym = XK.string_to_keysym(names.get(part.lower(), part))
        if sym == 0:
            raise SystemExit(f"no key named {part}")
        codes.append(d.keysym_to_keycode(sym))
    for code in codes:
        xtest.fake_input(d, X.KeyPress, code)
    for code in reversed(codes):
        xtest.fake_input(d, X.KeyRelease, code)
    d.sync()


def main(argv):
    d = display.Display()
    if argv[1:] == ["titles"]:
        for w, name in named_windows(d):
            print(f"{w.id}\t{name}")
        return 0
    if len(argv) == 3 and argv[1] == "close":
        targets = [w for w, name in named_windows(d) if name == argv[2]]
        for w in targets:
            ask_to_close(d, w)
        d.sync()
        return 0 if targets else 1
    if len(argv) == 4 and argv[1] == "keys":
        targets = [w for w, name in named_windows(d) if name == argv[2]]
        if not targets:
            return 1
        press(d, targets[0], argv[3])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
