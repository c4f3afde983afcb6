/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-error.h"

#include <pthread.h>

/* Not G_DEFINE_QUARK: its unsynchronised first call is a benign race that
 * ThreadSanitizer still reports, and errors are made on worker threads. */
static GQuark quark;
static pthread_once_t quark_once = PTHREAD_ONCE_INIT;

static void
init_quark (void)
{
  quark = g_quark_from_static_string ("sightline-error-quark");
}

GQuark
sl_error_quark (void)
{
  pthread_once (&quark_once, init_quark);
  return quark;
}
