#!/usr/bin/env python3
"""Moves and resizes the top-level X window whose title is TITLE to 0,0 WIDTHxHEIGHT.

For a screenshot of the app started without WebDriver (no window-rect command then); Xvfb has
no window manager, so the request is applied as is. Talks to libX11 through ctypes: no module
to install. Usage: resize_window.py TITLE WIDTH HEIGHT
"""
import ctypes
import ctypes.util
import sys
import time

x11 = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XDefaultRootWindow.restype = ctypes.c_ulong
x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x11.XQueryTree.argtypes = [
    ctypes.c_void_p,
    ctypes.c_ulong,
    ctypes.POINTER(ctypes.c_ulong),
    ctypes.POINTER(ctypes.c_ulong),
    ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
    ctypes.POINTER(ctypes.c_uint),
]
x11.XFetchName.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_char_p)]
x11.XMoveResizeWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int, ctypes.c_uint, ctypes.c_uint]
x11.XFlush.argtypes = [ctypes.c_void_p]
x11.XCloseDisplay.argtypes = [ctypes.c_void_p]


def windows(display, window):
    root, parent = ctypes.c_ulong(), ctypes.c_ulong()
    children, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
    if not x11.XQueryTree(display, window, ctypes.byref(root), ctypes.byref(parent), ctypes.byref(children), ctypes.byref(count)):
        return []
    return [children[i] for i in range(count.value)]


def main():
    title, width, height = sys.argv[1].encode(), int(sys.argv[2]), int(sys.argv[3])
    display = x11.XOpenDisplay(None)
    if not display:
        sys.exit("cannot open the X display")
    try:
        for _ in range(100):
            for window in windows(display, x11.XDefaultRootWindow(display)):
                name = ctypes.c_char_p()
                if x11.XFetchName(display, window, ctypes.byref(name)) and name.value == title:
                    x11.XMoveResizeWindow(display, window, 0, 0, width, height)
                    x11.XFlush(display)
                    return
            time.sleep(0.1)
        sys.exit(f"no window titled {title.decode()!r}")
    finally:
        x11.XCloseDisplay(display)


if __name__ == "__main__":
    main()
