#!/usr/bin/python3
"""A stand-in for the desktop's notification server on the test's private session bus.

It owns org.freedesktop.Notifications as a desktop's server does, prints each notification it
is asked to show as a JSON line on stdout, and, like a person clicking it, answers a
notification that offers the "default" action with ActionInvoked after --click-after-ms.
Runs with Debian's python3 (python3-dbus, python3-gi).
"""

import argparse
import json
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


class Server(dbus.service.Object):
    def __init__(self, bus, click_after_ms):
        super().__init__(bus, PATH)
        self.next_id = 1
        self.click_after_ms = click_after_ms

    @dbus.service.method(NAME, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app_name, replaces_id, icon, summary, body, actions, hints, timeout):
        notification_id = self.next_id
        self.next_id += 1
        keys = [str(key) for key in actions[::2]]
        print(
            json.dumps({"id": notification_id, "app": str(app_name), "summary": str(summary), "body": str(body), "actions": keys}),
            flush=True,
        )
        if "default" in keys and self.click_after_ms >= 0:
            GLib.timeout_add(self.click_after_ms, self.click, notification_id)
        return notification_id

    def click(self, notification_id):
        self.ActionInvoked(notification_id, "default")
        print(json.dumps({"clicked": notification_id}), flush=True)
        return False

    @dbus.service.method(NAME, in_signature="u", out_signature="")
    def CloseNotification(self, notification_id):
        self.NotificationClosed(notification_id, 3)

    @dbus.service.method(NAME, in_signature="", out_signature="as")
    def GetCapabilities(self):
        return ["actions", "body"]

    @dbus.service.method(NAME, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        return ("apidest-test-notifications", "API Destinations tests", "1", "1.2")

    @dbus.service.signal(NAME, signature="us")
    def ActionInvoked(self, notification_id, action_key):
        pass

    @dbus.service.signal(NAME, signature="uu")
    def NotificationClosed(self, notification_id, reason):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--click-after-ms", type=int, default=-1, help="click each notification that can be clicked; -1: never")
    args = parser.parse_args()
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    owned = bus.request_name(NAME, dbus.bus.NAME_FLAG_DO_NOT_QUEUE)
    if owned != dbus.bus.REQUEST_NAME_REPLY_PRIMARY_OWNER:
        sys.exit(f"another notification server owns {NAME}")
    Server(bus, args.click_after_ms)
    print(json.dumps({"ready": True}), flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
