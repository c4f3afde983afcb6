/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "sl-overlay.h"

extern const SlOverlayLayer sl_overlay_face_box;
extern const SlOverlayLayer sl_overlay_landmarks;
extern const SlOverlayLayer sl_overlay_head_pose;
extern const SlOverlayLayer sl_overlay_eyes;
extern const SlOverlayLayer sl_overlay_pupils;
extern const SlOverlayLayer sl_overlay_state;
extern const SlOverlayLayer sl_overlay_frame_info;

/* Drawing order: the face, then what is inside it, then the labels. */
static const SlOverlayLayer *const layers[] = {
  &sl_overlay_face_box, &sl_overlay_landmarks, &sl_overlay_head_pose,  &sl_overlay_eyes,
  &sl_overlay_pupils,   &sl_overlay_state,     &sl_overlay_frame_info, NULL,
};

const SlOverlayLayer *const *
sl_overlays_all (void)
{
  return layers;
}

const SlOverlayLayer *
sl_overlays_find (const char *id)
{
  for (guint i = 0; layers[i] != NULL; i++)
    if (g_str_equal (layers[i]->id, id))
      return layers[i];
  return NULL;
}

struct _SlOverlayValues
{
  GStrv names;
  guint n;
  double *data;
};

SlOverlayValues *
sl_overlay_values_new (const char *const *names, guint n)
{
  SlOverlayValues *v = g_new0 (SlOverlayValues, 1);
  v->names = g_new0 (char *, n + 1);
  for (guint k = 0; k < n; k++)
    v->names[k] = g_strdup (names[k]);
  v->n = n;
  v->data = g_new (double, MAX (n, 1));
  for (guint k = 0; k < n; k++)
    v->data[k] = NAN;
  return v;
}

void
sl_overlay_values_free (SlOverlayValues *v)
{
  if (v == NULL)
    return;
  g_strfreev (v->names);
  g_free (v->data);
  g_free (v);
}

guint
sl_overlay_values_size (const SlOverlayValues *v)
{
  return v->n;
}

const char *const *
sl_overlay_values_names (const SlOverlayValues *v)
{
  return (const char *const *)v->names;
}

double *
sl_overlay_values_data (SlOverlayValues *v)
{
  return v->data;
}

double
sl_overlay_value (const SlOverlayContext *ctx, const char *name)
{
  const SlOverlayValues *v = ctx->values;
  for (guint k = 0; v != NULL && k < v->n; k++)
    if (g_str_equal (v->names[k], name))
      return v->data[k];
  return NAN;
}

const char **
sl_overlays_signals (const SlOverlayLayer *const *list, guint n)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    for (guint k = 0; list[i]->signals != NULL && list[i]->signals[k] != NULL; k++)
      {
        const char *name = list[i]->signals[k];
        gboolean seen = FALSE;
        for (guint j = 0; j < out->len && !seen; j++)
          seen = g_str_equal (out->pdata[j], name);
        if (!seen)
          g_ptr_array_add (out, (gpointer)name);
      }
  g_ptr_array_add (out, NULL);
  return (const char **)g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

void
sl_overlays_draw (const SlOverlayLayer *const *list, guint n, const SlOverlayContext *ctx)
{
  for (guint i = 0; i < n; i++)
    {
      const SlOverlayLayer *l = list[i];
      if (l->needs_face && ctx->face == NULL)
        continue;
      if (l->exact_only && !ctx->exact)
        continue;
      cairo_save (ctx->cr);
      l->draw (ctx);
      cairo_restore (ctx->cr);
    }
}
