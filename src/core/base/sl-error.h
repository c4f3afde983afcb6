/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_ERROR (sl_error_quark ())

/* Cancelled work is G_IO_ERROR_CANCELLED everywhere, as GIO's own. */

typedef enum
{
  SL_ERROR_NOT_FOUND,     /* a file, session or run that is not there */
  SL_ERROR_INVALID_INPUT, /* a file that is not what it should be */
  SL_ERROR_LOCKED,        /* the library is held by another program */
  SL_ERROR_READ_ONLY,     /* the library cannot be written */
  SL_ERROR_CORRUPT,       /* the library or a model is damaged */
  SL_ERROR_MODEL,         /* a model is missing or wrong */
  SL_ERROR_DECODE,        /* the video cannot be decoded */
  SL_ERROR_FAILED,
  SL_ERROR_CHANGED, /* a recording's file is no longer the one imported */
} SlError;

GQuark sl_error_quark (void);

G_END_DECLS
