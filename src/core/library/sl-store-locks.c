/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The library's file locks belong to the descriptor SQLite opened, not to the
 * process.
 *
 * SQLite's unix VFS locks with POSIX advisory locks (fcntl F_SETLK).  Those
 * belong to the process and are all dropped when *any* descriptor of the
 * file is closed in it, by whatever code: GTK's file chooser reading the
 * content type of library.db is enough.  Another process then believes it is
 * the last one using the library, checkpoints it and deletes the -wal and
 * -shm that this process still has mapped: SQLite's "How To Corrupt"
 * page, section 2.2.
 *
 * Open-file-description locks (F_OFD_SETLK, Linux 3.15) have the same byte
 * ranges and the same conflicts, also against ordinary POSIX locks, so a
 * stock sqlite3 and every Sightline process still exclude each other; but
 * they belong to the open file description and are released only when the
 * descriptor SQLite opened is closed.  The unix VFS lets a program replace
 * the system calls it makes (xSetSystemCall); this replaces fcntl with one
 * that turns the three record-lock commands into their OFD forms.
 *
 * Within one process SQLite shares one lock state per file across its
 * connections and calls fcntl on the descriptor of whichever connection
 * takes a lock; with OFD locks a lock taken through one connection's
 * descriptor is kept until that descriptor closes (SQLite keeps it open while
 * any connection of the process holds a lock).  In WAL mode the only effect is
 * that the last connection of a process may find the file still locked when
 * it would checkpoint and delete the WAL on close; it then leaves the WAL,
 * which the next opener reads, as after any crash.
 */
#define _GNU_SOURCE /* F_OFD_SETLK */
#include "config.h"

#include <fcntl.h>

#include "sl-store-private.h"

static int
ofd_fcntl (int fd, int cmd, ...)
{
  va_list ap;
  va_start (ap, cmd);
  int rc;
  switch (cmd)
    {
    case F_SETLK:
    case F_SETLKW:
    case F_GETLK:
      {
        struct flock *lock = va_arg (ap, struct flock *);
        /* OFD commands require l_pid to be 0 on the way in. */
        lock->l_pid = 0;
        int ofd = cmd == F_SETLK ? F_OFD_SETLK : cmd == F_SETLKW ? F_OFD_SETLKW : F_OFD_GETLK;
        rc = fcntl (fd, ofd, lock);
        break;
      }
    default:
      /* Every other command SQLite uses takes an integer or no argument. */
      rc = fcntl (fd, cmd, va_arg (ap, intptr_t));
      break;
    }
  va_end (ap);
  return rc;
}

/* Called once before the first library is opened.  Every unix VFS variant
 * shares one system call table, so installing it on the default VFS covers
 * all of them. */
gboolean
sl_store_locks_init (void)
{
  static gsize done = 0;
  static gboolean ok = FALSE;
  if (g_once_init_enter (&done))
    {
      sqlite3_vfs *vfs = sqlite3_vfs_find ("unix");
      ok = vfs != NULL && vfs->iVersion >= 3 && vfs->xSetSystemCall != NULL
           && vfs->xSetSystemCall (vfs, "fcntl", (sqlite3_syscall_ptr)ofd_fcntl) == SQLITE_OK;
      g_once_init_leave (&done, 1);
    }
  return ok;
}
