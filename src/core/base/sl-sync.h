/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A mutex and a condition variable on POSIX threads, for state shared by
 * the pipeline's threads.  GLib's GMutex and GCond are built on futexes on
 * Linux, which ThreadSanitizer cannot see through; these it understands, so
 * the pipeline can be checked for races.  Deadlines use the monotonic clock
 * of g_get_monotonic_time().
 */
#pragma once

#include <errno.h>
#include <glib.h>
#include <pthread.h>
#include <time.h>

typedef struct
{
  pthread_mutex_t mutex;
  pthread_cond_t cond;
} SlSync;

static inline void
sl_sync_init (SlSync *s)
{
  pthread_condattr_t attr;
  pthread_mutex_init (&s->mutex, NULL);
  pthread_condattr_init (&attr);
  pthread_condattr_setclock (&attr, CLOCK_MONOTONIC);
  pthread_cond_init (&s->cond, &attr);
  pthread_condattr_destroy (&attr);
}

static inline void
sl_sync_clear (SlSync *s)
{
  pthread_cond_destroy (&s->cond);
  pthread_mutex_destroy (&s->mutex);
}

static inline void
sl_sync_lock (SlSync *s)
{
  pthread_mutex_lock (&s->mutex);
}

static inline void
sl_sync_unlock (SlSync *s)
{
  pthread_mutex_unlock (&s->mutex);
}

static inline void
sl_sync_wait (SlSync *s)
{
  pthread_cond_wait (&s->cond, &s->mutex);
}

/* FALSE when @end_us (monotonic microseconds) passed first. */
static inline gboolean
sl_sync_wait_until (SlSync *s, gint64 end_us)
{
  struct timespec ts
      = { (time_t)(end_us / G_USEC_PER_SEC), (long)(end_us % G_USEC_PER_SEC) * 1000 };
  return pthread_cond_timedwait (&s->cond, &s->mutex, &ts) != ETIMEDOUT;
}

static inline void
sl_sync_broadcast (SlSync *s)
{
  pthread_cond_broadcast (&s->cond);
}
