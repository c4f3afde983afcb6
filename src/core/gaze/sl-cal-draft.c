/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "sl-cal-draft.h"

struct _SlCalDraft
{
  GObject parent_instance;

  char *library;
  SlSession *session;
  SlStore *store; /* main thread */

  gboolean loaded;
  char *load_error;
  SlRun *run;
  GArray *frames;      /* SlGazeFrame */
  GPtrArray *events;   /* SlEvent */
  GPtrArray *profiles; /* SlStoredCalibration */
  guint load_serial;   /* a newer load supersedes an older one */

  SlCalSchedule *schedule;
  SlCalSchedule *pristine;
  char *sidecar;         /* the sidecar known, whether or not its targets are used */
  gboolean from_sidecar; /* the targets are the sidecar's, not a layout's */
  char *camera;
  char *again_camera; /* the camera a live run of this draft used */
  gint64 again_session;
  int order;
  SlCalProfile *profile;
};

G_DEFINE_FINAL_TYPE (SlCalDraft, sl_cal_draft, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_LOADED,
  PROP_SIDECAR,
  PROP_CAMERA,
  PROP_PROFILE,
  PROP_ORDER,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

enum
{
  TARGETS_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
clear_profile (SlCalDraft *self)
{
  if (self->profile == NULL)
    return;
  g_clear_pointer (&self->profile, sl_cal_profile_free);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PROFILE]);
}

static void
sl_cal_draft_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  SlCalDraft *self = SL_CAL_DRAFT (object);
  switch (id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_SIDECAR:
      g_value_set_string (value, self->sidecar);
      break;
    case PROP_CAMERA:
      g_value_set_string (value, self->camera);
      break;
    case PROP_PROFILE:
      g_value_set_pointer (value, self->profile);
      break;
    case PROP_ORDER:
      g_value_set_int (value, self->order);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
sl_cal_draft_finalize (GObject *object)
{
  SlCalDraft *self = SL_CAL_DRAFT (object);
  g_free (self->library);
  g_clear_object (&self->session);
  g_clear_pointer (&self->store, sl_store_free);
  g_free (self->load_error);
  g_clear_pointer (&self->run, sl_run_free);
  g_clear_pointer (&self->frames, g_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_pointer (&self->schedule, sl_cal_schedule_free);
  g_clear_pointer (&self->pristine, sl_cal_schedule_free);
  g_free (self->sidecar);
  g_free (self->camera);
  g_free (self->again_camera);
  g_clear_pointer (&self->profile, sl_cal_profile_free);
  G_OBJECT_CLASS (sl_cal_draft_parent_class)->finalize (object);
}

static void
sl_cal_draft_class_init (SlCalDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->get_property = sl_cal_draft_get_property;
  object_class->finalize = sl_cal_draft_finalize;
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  props[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, SL_TYPE_SESSION, flags);
  props[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);
  props[PROP_SIDECAR] = g_param_spec_string ("sidecar", NULL, NULL, NULL, flags);
  props[PROP_CAMERA] = g_param_spec_string ("camera", NULL, NULL, NULL, flags);
  props[PROP_PROFILE] = g_param_spec_pointer ("profile", NULL, NULL, flags);
  props[PROP_ORDER] = g_param_spec_int ("order", NULL, NULL, 1, 2, 2, flags);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /* The schedule's targets (or its screen) were replaced or edited. */
  signals[TARGETS_CHANGED] = g_signal_new ("targets-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sl_cal_draft_init (SlCalDraft *self)
{
  self->schedule = sl_cal_schedule_new ();
  self->schedule->has_geometry = TRUE; /* the screen the wizard guesses, then edited */
  self->schedule->geometry = (SlScreenGeometry){ 1920, 1080, 527, 296, 600, 0, -10 };
  self->order = 2;
}

SlCalDraft *
sl_cal_draft_new (const char *library, SlSession *session)
{
  g_return_val_if_fail (library != NULL && SL_IS_SESSION (session), NULL);
  SlCalDraft *self = g_object_new (SL_TYPE_CAL_DRAFT, NULL);
  self->library = g_strdup (library);
  self->session = g_object_ref (session);
  return self;
}

const char *
sl_cal_draft_get_library (SlCalDraft *self)
{
  return self->library;
}

SlSession *
sl_cal_draft_get_session (SlCalDraft *self)
{
  return self->session;
}

SlStore *
sl_cal_draft_get_store (SlCalDraft *self, GError **error)
{
  if (self->store == NULL)
    self->store = sl_store_open (self->library, error);
  return self->store;
}

/* ---- the analysis -------------------------------------------------------- */

typedef struct
{
  char *library;
  gint64 session_id;
  guint serial;
  SlGazeRun *gaze;
  GPtrArray *profiles;
  /* The hand-overs as the thread sanitizer sees them (GTask's own are
   * inside the uninstrumented GLib): the main thread fills the load before
   * the worker reads it, the worker is done with it before the main thread
   * reads it, and the main thread before the last reference, which may be
   * the worker's, frees it. */
  gint given, handed_over, taken;
} Load;

static void
load_free (gpointer p)
{
  Load *l = p;
  g_warn_if_fail (g_atomic_int_get (&l->taken) || !g_atomic_int_get (&l->handed_over));
  g_free (l->library);
  g_clear_pointer (&l->gaze, sl_gaze_run_free);
  g_clear_pointer (&l->profiles, g_ptr_array_unref);
  g_free (l);
}

static void
load_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Load *l = data;
  g_warn_if_fail (g_atomic_int_get (&l->given));
  GError *error = NULL;
  g_autoptr (SlStore) store = sl_store_open (l->library, &error);
  if (store != NULL)
    l->gaze = sl_gaze_run_load (store, l->session_id, 0, &error);
  if (l->gaze != NULL)
    l->profiles = sl_store_list_calibrations (store, 0, &error);
  if (error == NULL)
    g_cancellable_set_error_if_cancelled (cancellable, &error);
  g_atomic_int_set (&l->handed_over, 1);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* What was read becomes the draft's, on the main thread, unless the draft
 * was asked to read again since. */
static void
take_load (SlCalDraft *self, Load *l, GAsyncResult *result, GTask *outer)
{
  GError *error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (outer, error);
      return;
    }
  if (l->serial != self->load_serial)
    {
      g_clear_error (&error);
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _ ("A newer reading of the analysis replaced this one."));
      return;
    }
  self->loaded = TRUE;
  if (!ok)
    self->load_error = g_strdup (error->message);
  else
    {
      self->run = g_steal_pointer (&l->gaze->run);
      self->frames = g_steal_pointer (&l->gaze->frames);
      self->events = g_steal_pointer (&l->gaze->events);
      self->profiles = g_steal_pointer (&l->profiles);
      /* Targets placed by a layout get their stretches from the fixations. */
      if (!sl_cal_draft_is_from_sidecar (self))
        {
          sl_cal_schedule_propose (self->schedule, self->events);
          sl_cal_draft_targets_changed (self);
        }
    }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LOADED]);
  if (error != NULL)
    g_task_return_error (outer, error);
  else
    g_task_return_boolean (outer, TRUE);
}

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) outer = data;
  Load *l = g_task_get_task_data (G_TASK (result));
  g_warn_if_fail (g_atomic_int_get (&l->handed_over));
  take_load (SL_CAL_DRAFT (source), l, result, outer);
  g_atomic_int_set (&l->taken, 1);
}

void
sl_cal_draft_load_async (SlCalDraft *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_return_if_fail (SL_IS_CAL_DRAFT (self));
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, sl_cal_draft_load_async);
  gboolean was_loaded = self->loaded;
  self->loaded = FALSE;
  g_clear_pointer (&self->load_error, g_free);
  g_clear_pointer (&self->run, sl_run_free);
  g_clear_pointer (&self->frames, g_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  clear_profile (self);
  if (was_loaded)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LOADED]);
  Load *l = g_new0 (Load, 1);
  l->library = g_strdup (self->library);
  l->session_id = self->session->id;
  l->serial = ++self->load_serial;
  g_autoptr (GTask) task = g_task_new (self, cancellable, on_loaded, outer);
  g_task_set_task_data (task, l, load_free);
  g_atomic_int_set (&l->given, 1);
  g_task_run_in_thread (task, load_thread);
}

gboolean
sl_cal_draft_load_finish (SlCalDraft *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_cal_draft_load_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
sl_cal_draft_is_loaded (SlCalDraft *self)
{
  return self->loaded;
}

const char *
sl_cal_draft_get_load_error (SlCalDraft *self)
{
  return self->load_error;
}

const SlRun *
sl_cal_draft_get_run (SlCalDraft *self)
{
  return self->run;
}

const GArray *
sl_cal_draft_get_frames (SlCalDraft *self)
{
  return self->frames;
}

const GPtrArray *
sl_cal_draft_get_events (SlCalDraft *self)
{
  return self->events;
}

const GPtrArray *
sl_cal_draft_get_profiles (SlCalDraft *self)
{
  return self->profiles;
}

/* ---- the screen and the targets ------------------------------------------ */

SlCalSchedule *
sl_cal_draft_get_schedule (SlCalDraft *self)
{
  return self->schedule;
}

void
sl_cal_draft_targets_changed (SlCalDraft *self)
{
  clear_profile (self);
  g_signal_emit (self, signals[TARGETS_CHANGED], 0);
}

static void
set_sidecar (SlCalDraft *self, const char *path)
{
  if (g_strcmp0 (self->sidecar, path) == 0)
    return;
  g_free (self->sidecar);
  self->sidecar = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SIDECAR]);
}

gboolean
sl_cal_draft_load_sidecar (SlCalDraft *self, const char *path, GError **error)
{
  g_autoptr (SlCalSchedule) s = sl_cal_schedule_load (path, 0, error);
  if (s == NULL)
    return FALSE;
  if (!s->has_geometry)
    s->geometry = self->schedule->geometry;
  sl_cal_schedule_free (self->schedule);
  self->schedule = g_steal_pointer (&s);
  g_autofree char *copy = g_strdup (path);
  set_sidecar (self, copy);
  self->from_sidecar = TRUE;
  sl_cal_draft_targets_changed (self);
  return TRUE;
}

const char *
sl_cal_draft_get_sidecar (SlCalDraft *self)
{
  return self->sidecar;
}

gboolean
sl_cal_draft_is_from_sidecar (SlCalDraft *self)
{
  return self->from_sidecar && self->sidecar != NULL;
}

void
sl_cal_draft_forget_sidecar (SlCalDraft *self)
{
  set_sidecar (self, NULL);
  self->from_sidecar = FALSE;
}

/* The points of @layout (5 or 9) and of the validation targets on @s's
 * screen, into @xy and @v; how many points @layout has. */
static int
layout_points (const SlCalSchedule *s, int layout, double *xy, double *v)
{
  sl_cal_layout_points (SL_CAL_LAYOUT_VALIDATION, s->geometry.width_px, s->geometry.height_px, v);
  return sl_cal_layout_points (layout, s->geometry.width_px, s->geometry.height_px, xy);
}

void
sl_cal_draft_set_layout (SlCalDraft *self, int layout)
{
  static const char *const names5[] = { N_ ("top-left"), N_ ("top-right"), N_ ("bottom-left"),
                                        N_ ("bottom-right"), N_ ("centre") };
  layout = layout == 9 ? 9 : 5;
  double xy[18], v[2 * SL_CAL_LAYOUT_VALIDATION];
  int n = layout_points (self->schedule, layout, xy, v);
  g_array_set_size (self->schedule->targets, 0);
  self->schedule->layout = layout;
  for (int i = 0; i < n + SL_CAL_LAYOUT_VALIDATION; i++)
    {
      gboolean val = i >= n;
      SlCalTarget t = { val      ? g_strdup_printf ("v%d", i - n + 1)
                        : n == 5 ? g_strdup (_ (names5[i]))
                                 : g_strdup_printf ("%d", i + 1),
                        val ? v[2 * (i - n)] : xy[2 * i],
                        val ? v[2 * (i - n) + 1] : xy[2 * i + 1],
                        0,
                        0,
                        val };
      g_array_append_val (self->schedule->targets, t);
    }
  self->from_sidecar = FALSE;
  if (self->events != NULL)
    sl_cal_schedule_propose (self->schedule, self->events);
  sl_cal_draft_targets_changed (self);
}

void
sl_cal_draft_follow_screen (SlCalDraft *self)
{
  SlCalSchedule *s = self->schedule;
  if (sl_cal_draft_is_from_sidecar (self))
    {
      sl_cal_draft_targets_changed (self);
      return;
    }
  double xy[18], v[2 * SL_CAL_LAYOUT_VALIDATION];
  int n = layout_points (s, s->layout != 0 ? s->layout : 5, xy, v);
  int c = 0, k = 0;
  for (guint i = 0; i < s->targets->len; i++)
    {
      SlCalTarget *t = &g_array_index (s->targets, SlCalTarget, i);
      if (t->validation && k < SL_CAL_LAYOUT_VALIDATION)
        t->x = v[2 * k], t->y = v[2 * k + 1], k++;
      else if (!t->validation && c < n)
        t->x = xy[2 * c], t->y = xy[2 * c + 1], c++;
    }
  sl_cal_draft_targets_changed (self);
}

int
sl_cal_draft_propose (SlCalDraft *self)
{
  if (self->events == NULL)
    return 0;
  int moved = sl_cal_schedule_propose (self->schedule, self->events);
  sl_cal_draft_targets_changed (self);
  return moved;
}

static gboolean
is_marked (const SlCalTarget *t, gpointer data)
{
  return !t->validation || t->end_ms > 0;
}

SlCalSchedule *
sl_cal_draft_marked (SlCalDraft *self)
{
  SlCalSchedule *s = sl_cal_schedule_copy (self->schedule, is_marked, NULL);
  s->has_geometry = TRUE;
  return s;
}

gboolean
sl_cal_draft_check_targets (SlCalDraft *self, GError **error)
{
  if (self->camera != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _ ("Show the targets first: the live calibration records them."));
      return FALSE;
    }
  if (self->frames == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           self->load_error != NULL ? self->load_error
                                                    : _ ("Still reading the analysis…"));
      return FALSE;
    }
  g_autoptr (SlCalSchedule) s = sl_cal_draft_marked (self);
  return sl_cal_schedule_check (s, self->session->duration_s, error);
}

void
sl_cal_draft_set_camera (SlCalDraft *self, const char *device)
{
  if (g_strcmp0 (self->camera, device) == 0)
    return;
  g_free (self->camera);
  self->camera = g_strdup (device);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CAMERA]);
}

const char *
sl_cal_draft_get_camera (SlCalDraft *self)
{
  return self->camera;
}

void
sl_cal_draft_set_recorded (SlCalDraft *self, SlSession *session, const char *device)
{
  g_return_if_fail (SL_IS_SESSION (session));
  if (device != NULL)
    {
      g_free (self->again_camera);
      self->again_camera = g_strdup (device);
      self->again_session = session->id;
    }
  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SESSION]);
}

const char *
sl_cal_draft_get_again_camera (SlCalDraft *self)
{
  return self->session != NULL && self->session->id == self->again_session ? self->again_camera
                                                                           : NULL;
}

GStrv
sl_cal_draft_again_targets (SlCalDraft *self)
{
  if (sl_cal_draft_get_again_camera (self) == NULL || self->frames == NULL)
    return NULL;
  g_auto (GStrv) ids = NULL;
  if (self->profile != NULL)
    {
      /* Those the fit left out, glances away included. */
      g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
      for (guint i = 0; i < self->profile->points->len; i++)
        if (g_array_index (self->profile->points, SlCalPoint, i).too_few)
          g_strv_builder_add (b, g_array_index (self->profile->points, SlCalPoint, i).id);
      ids = g_strv_builder_end (b);
    }
  else
    {
      /* No fit: too few targets had enough samples. */
      g_autoptr (SlCalSchedule) s = sl_cal_draft_marked (self);
      SlCalOptions options = SL_CAL_OPTIONS_DEFAULT;
      options.order = self->order;
      ids = sl_cal_too_few (s, self->frames, &options);
    }
  return ids != NULL && ids[0] != NULL ? g_steal_pointer (&ids) : NULL;
}

/* ---- the fit ------------------------------------------------------------- */

void
sl_cal_draft_set_order (SlCalDraft *self, int order)
{
  order = order == 1 ? 1 : 2;
  if (self->order == order)
    return;
  self->order = order;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ORDER]);
}

int
sl_cal_draft_get_order (SlCalDraft *self)
{
  return self->order;
}

gboolean
sl_cal_draft_fit (SlCalDraft *self, GError **error)
{
  g_clear_pointer (&self->profile, sl_cal_profile_free);
  if (self->frames == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           self->load_error != NULL ? self->load_error
                                                    : _ ("Still reading the analysis…"));
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PROFILE]);
      return FALSE;
    }
  g_autoptr (SlCalSchedule) s = sl_cal_draft_marked (self);
  SlCalOptions options = SL_CAL_OPTIONS_DEFAULT;
  options.order = self->order;
  self->profile = sl_cal_calibrate (s, self->frames, &options, error);
  if (self->profile != NULL)
    {
      self->profile->session_id = self->session->id;
      self->profile->run_id = self->run->id;
      self->profile->versions = sl_cal_feature_versions (self->run->processors);
    }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PROFILE]);
  return self->profile != NULL;
}

const SlCalProfile *
sl_cal_draft_get_profile (SlCalDraft *self)
{
  return self->profile;
}

static gboolean
keep_all (const SlCalTarget *t, gpointer data)
{
  return TRUE;
}

void
sl_cal_draft_keep_pristine (SlCalDraft *self)
{
  if (self->pristine == NULL)
    self->pristine = sl_cal_schedule_copy (self->schedule, keep_all, NULL);
}

gboolean
sl_cal_draft_has_unsaved_work (SlCalDraft *self)
{
  if (self->profile != NULL)
    return TRUE;
  if (self->pristine == NULL)
    return FALSE;
  GArray *a = self->pristine->targets, *b = self->schedule->targets;
  if (a->len != b->len)
    return TRUE;
  for (guint i = 0; i < a->len; i++)
    {
      const SlCalTarget *x = &g_array_index (a, SlCalTarget, i);
      const SlCalTarget *y = &g_array_index (b, SlCalTarget, i);
      if (x->start_ms != y->start_ms || x->end_ms != y->end_ms || x->x != y->x || x->y != y->y
          || g_strcmp0 (x->id, y->id) != 0)
        return TRUE;
    }
  return FALSE;
}

gint64
sl_cal_draft_save (SlCalDraft *self, const char *name, GError **error)
{
  g_return_val_if_fail (self->profile != NULL, 0);
  g_free (self->profile->name);
  self->profile->name = g_strdup (name != NULL && name[0] != '\0' ? name : self->session->name);
  SlStore *store = sl_cal_draft_get_store (self, error);
  if (store == NULL || !sl_cal_profile_save (self->profile, store, error))
    return 0;
  return self->profile->id;
}

gboolean
sl_cal_draft_apply (SlCalDraft *self, gint64 id, GError **error)
{
  SlStore *store = sl_cal_draft_get_store (self, error);
  g_autoptr (SlCalProfile) p = store != NULL ? sl_cal_profile_load (store, id, error) : NULL;
  if (p == NULL)
    return FALSE;
  /* A profile belongs to its setup: a sidecar that describes another
   * screen or distance says this session was not recorded in it. */
  const SlScreenGeometry *g = &self->schedule->geometry;
  if (self->sidecar != NULL && self->schedule->has_geometry
      && !sl_screen_geometry_same_setup (&p->geometry, g))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _ ("Profile %" PRId64 " was made for a %d × %d screen seen from %.0f mm; this "
                      "session's sidecar describes %d × %d from %.0f mm. Calibrate this session "
                      "instead."),
                   id, p->geometry.width_px, p->geometry.height_px, p->geometry.distance_mm,
                   g->width_px, g->height_px, g->distance_mm);
      return FALSE;
    }
  if (!sl_store_set_session_calibration (store, self->session->id, id, error))
    return FALSE;
  g_clear_pointer (&self->profile, sl_cal_profile_free);
  self->profile = g_steal_pointer (&p);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PROFILE]);
  return TRUE;
}
