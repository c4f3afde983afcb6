/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>

#include "base/sl-error.h"
#include "gaze/sl-cal-profile.h"
#include "sl-drift-calibration.h"

GArray *
sl_drift_calibration_errors (SlStore *store, gint64 session_id, GError **error)
{
  g_autoptr (GPtrArray) made = sl_store_list_calibrations (store, session_id, error);
  if (made == NULL)
    return NULL;
  GArray *errors = g_array_new (FALSE, FALSE, sizeof (double));
  if (made->len == 0)
    return errors;
  const SlStoredCalibration *newest = made->pdata[made->len - 1];
  g_autoptr (GError) local = NULL;
  g_autoptr (SlCalProfile) p = sl_cal_profile_from_json (newest->profile, &local);
  if (p == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT,
                   _ ("Calibration %" PRId64 " of session %" PRId64 " cannot be read (%s)."),
                   newest->id, session_id, local->message);
      g_array_unref (errors);
      return NULL;
    }
  for (guint i = 0; i < p->points->len; i++)
    {
      const SlCalPoint *pt = &g_array_index (p->points, SlCalPoint, i);
      if (!pt->too_few && isfinite (pt->accuracy_deg))
        g_array_append_val (errors, pt->accuracy_deg);
    }
  return errors;
}

static SlDriftSignal *
not_measured (const char *problem)
{
  SlDriftParams p = SL_DRIFT_PARAMS_DEFAULT;
  SlDriftSignal *d
      = sl_drift_signal_new (SL_DRIFT_CALIBRATION_ERROR, NULL, 0, NULL, 0, 1, 0, 0, &p);
  g_free (d->problem);
  d->problem = g_strdup (problem);
  return d;
}

SlDriftSignal *
sl_drift_calibration_signal (SlStore *store, const SlDriftReport *r, const SlDriftParams *params)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) own = sl_drift_calibration_errors (store, r->session_id, &error);
  if (own == NULL)
    return not_measured (error->message);
  if (own->len == 0)
    {
      g_autofree char *why = g_strdup_printf (
          _ ("Session %" PRId64 " has no gaze calibration made on it, so no error at targets."),
          r->session_id);
      return not_measured (why);
    }
  g_autoptr (GArray) base = g_array_new (FALSE, FALSE, sizeof (double));
  guint sessions = 0;
  for (guint i = 0; i < r->baseline_runs->len; i++)
    {
      gint64 id = g_array_index (r->baseline_runs, SlBaselineRun, i).session_id;
      if (id == r->session_id)
        continue;
      g_autoptr (GArray) theirs = sl_drift_calibration_errors (store, id, &error);
      if (theirs == NULL)
        return not_measured (error->message);
      g_array_append_vals (base, theirs->data, theirs->len);
      sessions += theirs->len > 0;
    }
  if (sessions == 0)
    return not_measured (
        r->baseline_runs->len == 1
                && g_array_index (r->baseline_runs, SlBaselineRun, 0).session_id == r->session_id
            ? _ ("A session's own first seconds hold no calibration to compare with: choose the "
                 "person's earlier sessions or other sessions as the baseline.")
            : _ ("None of the baseline's sessions has a gaze calibration made on it."));
  /* One value a target, independent of each other: a rate of one a
   * second, and the session's errors as one window. */
  SlDriftParams p = *params;
  p.window_s = 0;
  p.independent = TRUE; /* each target is measured on its own stretch */
  SlDriftSignal *d
      = sl_drift_signal_new (SL_DRIFT_CALIBRATION_ERROR, (const double *)(gpointer)base->data,
                             base->len, (const double *)(gpointer)own->data, own->len, 1, 0, 0, &p);
  sl_drift_decide (&d, 1, &p);
  return d;
}
