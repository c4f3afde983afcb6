/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "sl-test-processors.h"

/* A row of every signal of @plan, each NaN (no value). */
void
sl_test_clear_row (double *row, const SlPlan *plan)
{
  for (guint k = 0; k < sl_plan_n_signals (plan); k++)
    row[k] = NAN;
}

double *
sl_test_new_row (const SlPlan *plan)
{
  double *row = g_new (double, sl_plan_n_signals (plan));
  sl_test_clear_row (row, plan);
  return row;
}

SlFrameContext
sl_test_context (const SlProcessorInfo *p, const SlPlan *plan, const SlvImage *img,
                 const SlFaceResult *face, double *out)
{
  for (guint i = 0; i < sl_plan_n_processors (plan); i++)
    if (sl_plan_processor (plan, i) == p)
      return (SlFrameContext){ img, face, sl_plan_params (plan, i), out };
  g_assert_not_reached ();
}

void
sl_test_scripted_clear (Scripted *r)
{
  g_clear_pointer (&r->events, g_ptr_array_unref);
  g_clear_pointer (&r->rows, g_array_unref);
  g_clear_pointer (&r->metrics, g_array_unref);
  g_clear_pointer (&r->plan, sl_plan_free);
}

/* Runs every temporal processor of the default plan (with @sets applied)
 * over @n frames at @fps, in plan order, as the writer thread does. */
void
sl_test_run_script (Scripted *r, const char *const *sets, int n, double fps, Script script,
                    gpointer data)
{
  g_autoptr (GError) error = NULL;
  r->plan = sl_plan_new (&error);
  for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
    g_assert_true (sl_plan_set (r->plan, sets[i], &error));
  r->events = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_event_free);
  guint ns = sl_plan_n_signals (r->plan);
  r->rows = g_array_sized_new (FALSE, FALSE, sizeof (double), (guint)n * ns);
  r->metrics = g_array_new (FALSE, FALSE, sizeof (SlMetric));
  guint np = sl_plan_n_processors (r->plan);
  g_autofree gpointer *states = g_new0 (gpointer, np);
  for (guint i = 0; i < np; i++)
    {
      const SlProcessorInfo *p = sl_plan_processor (r->plan, i);
      if (p->stage == SL_STAGE_TEMPORAL && p->create != NULL)
        states[i] = p->create (sl_plan_params (r->plan, i), &error);
    }
  for (int f = 0; f < n; f++)
    {
      g_autofree double *row = sl_test_new_row (r->plan);
      SlFaceResult face = { .frame = f, .time_s = f / fps, .success = TRUE, .face_id = 1 };
      script (f, f / fps, &face, row, r->plan, data);
      for (guint i = 0; i < np; i++)
        {
          const SlProcessorInfo *p = sl_plan_processor (r->plan, i);
          if (p->stage != SL_STAGE_TEMPORAL)
            continue;
          SlFrameContext ctx = { NULL,
                                 &face,
                                 sl_plan_params (r->plan, i),
                                 row + sl_plan_first_slot (r->plan, i),
                                 row,
                                 r->plan,
                                 r->events,
                                 NULL,
                                 sl_plan_need_slots (r->plan, i) };
          g_assert_true (p->process (states[i], &ctx, &error));
        }
      g_array_append_vals (r->rows, row, ns);
    }
  for (guint i = 0; i < np; i++)
    {
      const SlProcessorInfo *p = sl_plan_processor (r->plan, i);
      if (p->stage != SL_STAGE_TEMPORAL)
        continue;
      SlFrameContext end
          = { NULL,      NULL,       sl_plan_params (r->plan, i),    NULL, NULL, r->plan,
              r->events, r->metrics, sl_plan_need_slots (r->plan, i) };
      if (p->finish != NULL)
        g_assert_true (p->finish (states[i], &end, &error));
      if (p->destroy != NULL)
        p->destroy (states[i]);
    }
}

double
sl_test_signal_at (const Scripted *r, int frame, const char *name)
{
  int slot = sl_plan_slot (r->plan, name);
  g_assert_cmpint (slot, >=, 0);
  return g_array_index (r->rows, double, (gsize)frame *sl_plan_n_signals (r->plan) + slot);
}

guint
sl_test_count_kind (const Scripted *r, const char *kind)
{
  guint n = 0;
  for (guint i = 0; i < r->events->len; i++)
    n += g_str_equal (((SlEvent *)r->events->pdata[i])->kind, kind);
  return n;
}

const SlEvent *
sl_test_first_of_kind (const Scripted *r, const char *kind)
{
  for (guint i = 0; i < r->events->len; i++)
    if (g_str_equal (((SlEvent *)r->events->pdata[i])->kind, kind))
      return r->events->pdata[i];
  g_assert_not_reached ();
}

/* Six eye points with the given EAR: corners w apart, lids ±h. */
void
sl_test_set_eye (float *pts, int first, float x0, float y0, double ear)
{
  const float w = 30, h = (float)(ear * w / 2);
  const float xy[6][2]
      = { { 0, 0 }, { w / 3, -h }, { 2 * w / 3, -h }, { w, 0 }, { 2 * w / 3, h }, { w / 3, h } };
  for (int k = 0; k < 6; k++)
    {
      pts[2 * (first + k)] = x0 + xy[k][0];
      pts[2 * (first + k) + 1] = y0 + xy[k][1];
    }
}

/* Inner lips with the given mouth aspect ratio. */
void
sl_test_set_mouth (float *pts, double mar)
{
  const float w = 40, h = (float)(mar * w / 2);
  const float xy[8][2] = { { 0, 0 }, { w / 4, -h },    { w / 2, -h }, { 3 * w / 4, -h },
                           { w, 0 }, { 3 * w / 4, h }, { w / 2, h },  { w / 4, h } };
  for (int k = 0; k < 8; k++)
    {
      pts[2 * (60 + k)] = 100 + xy[k][0];
      pts[2 * (60 + k) + 1] = 160 + xy[k][1];
    }
}
