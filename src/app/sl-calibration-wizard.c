/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include "library/sl-store.h"
#include "media/sl-probe.h"
#include "pipeline/sl-analysis.h"
#include "sl-ask.h"
#include "sl-cal-plot.h"
#include "sl-calibration-wizard.h"
#include "sl-live-targets.h"
#include "sl-preferences.h"
#include "sl-style.h"
#include "sl-video-view.h"

static const char *const pages[] = { "source", "geometry", "targets", "fit", "result", "save" };
#define N_PAGES G_N_ELEMENTS (pages)

enum
{
  GEO_WIDTH_PX,
  GEO_HEIGHT_PX,
  GEO_WIDTH_MM,
  GEO_HEIGHT_MM,
  GEO_DISTANCE,
  GEO_CAMERA_X,
  GEO_CAMERA_Y,
  N_GEO
};

/* Layout choices, in the dropdown's order. */
enum
{
  LAYOUT_SIDECAR,
  LAYOUT_5,
  LAYOUT_9,
};

struct _SlCalibrationWizard
{
  AdwWindow parent_instance;

  /* The targets as they were when the targets page was first shown; the
   * grader's work since is asked about before it is thrown away. */
  SlCalSchedule *pristine;
  gboolean closing; /* asked, or saved: close without asking */

  char *library;
  SlSession *session;
  SlStore *store; /* the wizard's own connection, main thread */
  GCancellable *cancellable;

  /* Read in a thread when the wizard opens. */
  gboolean loaded;
  char *load_error;
  SlRun *run;
  GArray *frames;      /* SlGazeFrame */
  GPtrArray *events;   /* SlEvent */
  GPtrArray *profiles; /* SlStoredCalibration: every profile in the library */

  SlCalSchedule *schedule;
  char *sidecar;
  SlCalProfile *profile;
  char *problem;
  guint page;
  gboolean updating;

  AdwWindowTitle *title;
  GtkButton *back_button, *next_button;
  AdwToastOverlay *toasts;
  GtkStack *stack;
  GtkLabel *problem_label;

  AdwActionRow *recording_row, *analysis_row, *sidecar_row;
  AdwComboRow *profile_row;
  GtkWidget *profile_list;

  /* A live calibration: the camera chosen, the run, the page that shows
   * the targets, then the import and analysis of its recording. */
  GStrv cameras;
  AdwComboRow *camera_row;
  GtkWidget *camera_button;
  char *live_device;
  char *live_recording;
  SlLiveCalibration *live;
  SlLiveTargets *live_page;
  SlAnalysis *live_analysis;
  GtkStack *targets_stack;
  GtkLabel *live_label;
  GtkProgressBar *live_progress;
  GtkWidget *live_button;
  GtkSpinButton *geo[N_GEO];
  GtkDropDown *layout_dropdown;
  GtkListBox *target_list;
  SlVideoView *preview;
  GtkAdjustment *preview_adjustment;
  GtkLabel *preview_label;
  int selected;
  AdwComboRow *order_row;
  GtkListBox *fit_list, *point_list;
  GtkDrawingArea *plot, *drift;
  GtkLabel *accuracy_label, *verdict_label, *warnings_label;
  GtkButton *remark_button;
  /* Targets with too few samples in a live run can be shown again, with
   * the camera of the run that recorded this session. */
  char *again_device;
  gint64 again_session;
  gboolean again_run; /* the run under way shows targets again */
  gboolean joined;    /* the session analysed now is such a run, joined */
  GtkWidget *again_buttons[2];
  AdwEntryRow *name_row;
  GtkLabel *summary_label;
};

G_DEFINE_FINAL_TYPE (SlCalibrationWizard, sl_calibration_wizard, ADW_TYPE_WINDOW)

enum
{
  SAVED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void update_page (SlCalibrationWizard *self);
static void set_problem (SlCalibrationWizard *self, const char *problem);
static void show_profiles (SlCalibrationWizard *self);
static void start_loading (SlCalibrationWizard *self);
static void rebuild_targets (SlCalibrationWizard *self);

static void
toast (SlCalibrationWizard *self, const char *message)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

static void
set_problem (SlCalibrationWizard *self, const char *problem)
{
  g_free (self->problem);
  self->problem = g_strdup (problem);
  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
}

static GtkWidget *
page_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  return box;
}

static GtkWidget *
heading (const char *text, const char *detail)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *h = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (h), 0);
  gtk_widget_add_css_class (h, "title-2");
  gtk_box_append (GTK_BOX (box), h);
  if (detail != NULL)
    {
      GtkWidget *d = gtk_label_new (detail);
      gtk_label_set_xalign (GTK_LABEL (d), 0);
      gtk_label_set_wrap (GTK_LABEL (d), TRUE);
      gtk_widget_add_css_class (d, "dim-label");
      gtk_box_append (GTK_BOX (box), d);
    }
  return box;
}

/* ---- loading ------------------------------------------------------------- */

typedef struct
{
  char *library;
  gint64 session_id;
  SlGazeRun *gaze;
  GPtrArray *profiles;
} Load;

static void
load_free (gpointer p)
{
  Load *l = p;
  g_free (l->library);
  g_clear_pointer (&l->gaze, sl_gaze_run_free);
  g_clear_pointer (&l->profiles, g_ptr_array_unref);
  g_free (l);
}

static void
load_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Load *l = data;
  GError *error = NULL;
  g_autoptr (SlStore) store = sl_store_open (l->library, &error);
  if (store != NULL)
    l->gaze = sl_gaze_run_load (store, l->session_id, 0, &error);
  if (l->gaze != NULL)
    l->profiles = sl_store_list_calibrations (store, 0, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
describe_source (SlCalibrationWizard *self)
{
  SlSession *s = self->session;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->recording_row), s->name);
  adw_action_row_set_subtitle (self->recording_row, s->path);
  if (!self->loaded)
    adw_action_row_set_subtitle (self->analysis_row, _ ("Reading the analysis…"));
  else if (self->load_error != NULL)
    adw_action_row_set_subtitle (self->analysis_row, self->load_error);
  else
    {
      /* The run's events are every kind; the wizard proposes from fixations. */
      guint fixations = 0;
      for (guint i = 0; i < self->events->len; i++)
        fixations += g_strcmp0 (((SlEvent *)self->events->pdata[i])->kind, "fixation") == 0;
      g_autofree char *text
          = g_strdup_printf (_ ("Run %" PRId64 ", %s: %u analysed frames, %u fixations found"),
                             self->run->id, self->run->preset, self->frames->len, fixations);
      if (self->run->step > 1)
        {
          g_autofree char *more = g_strdup_printf (
              _ ("%s. Only one frame in %d was analysed: an every-frame analysis gives each "
                 "target more samples."),
              text, self->run->step);
          adw_action_row_set_subtitle (self->analysis_row, more);
        }
      else
        adw_action_row_set_subtitle (self->analysis_row, text);
    }
  adw_action_row_set_subtitle (self->sidecar_row,
                               self->sidecar != NULL
                                   ? self->sidecar
                                   : _ ("None: choose a layout and mark the targets by hand"));
}

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  Load *l = g_task_get_task_data (G_TASK (result));
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (source);
  self->loaded = TRUE;
  if (!ok)
    self->load_error = g_strdup (error->message);
  else
    {
      self->run = g_steal_pointer (&l->gaze->run);
      self->frames = g_steal_pointer (&l->gaze->frames);
      self->events = g_steal_pointer (&l->gaze->events);
      self->profiles = g_steal_pointer (&l->profiles);
      show_profiles (self);
      /* Targets placed by a layout get their stretches from the fixations. */
      if (self->sidecar == NULL)
        {
          sl_cal_schedule_propose (self->schedule, self->events);
          rebuild_targets (self);
        }
    }
  describe_source (self);
  update_page (self);
}

/* Reads the session's analysis (again, after a live run) in a thread. */
static void
start_loading (SlCalibrationWizard *self)
{
  self->loaded = FALSE;
  g_clear_pointer (&self->load_error, g_free);
  g_clear_pointer (&self->run, sl_run_free);
  g_clear_pointer (&self->frames, g_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  Load *l = g_new0 (Load, 1);
  l->library = g_strdup (self->library);
  l->session_id = self->session->id;
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, on_loaded, NULL);
  g_task_set_task_data (task, l, load_free);
  g_task_run_in_thread (task, load_thread);
}

/* The saved profiles, to apply one instead of calibrating. */
static void
show_profiles (SlCalibrationWizard *self)
{
  guint n = self->profiles != NULL ? self->profiles->len : 0;
  g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      const SlStoredCalibration *c = self->profiles->pdata[i];
      g_autofree char *item
          = c->session_id != 0
                ? g_strdup_printf (_ ("%" PRId64 ": %s · %.1f° · session %" PRId64), c->id, c->name,
                                   c->accuracy_deg, c->session_id)
                : g_strdup_printf (_ ("%" PRId64 ": %s · %.1f°"), c->id, c->name, c->accuracy_deg);
      gtk_string_list_append (model, item);
    }
  adw_combo_row_set_model (self->profile_row, G_LIST_MODEL (model));
  gtk_widget_set_visible (self->profile_list, n > 0);
}

static void
apply_profile (GtkWidget *widget, const char *action, GVariant *param)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (widget);
  guint i = adw_combo_row_get_selected (self->profile_row);
  if (self->profiles == NULL || i >= self->profiles->len)
    return;
  const SlStoredCalibration *c = self->profiles->pdata[i];
  g_autoptr (GError) error = NULL;
  g_autoptr (SlCalProfile) p = NULL;
  if (self->store == NULL)
    self->store = sl_store_open (self->library, &error);
  if (self->store != NULL)
    p = sl_cal_profile_load (self->store, c->id, &error);
  /* A profile belongs to its setup: a sidecar that describes another
   * screen or distance says this session was not recorded in it. */
  if (p != NULL && self->sidecar != NULL && self->schedule->has_geometry
      && !sl_screen_geometry_same_setup (&p->geometry, &self->schedule->geometry))
    {
      g_autofree char *text = g_strdup_printf (
          _ ("Profile %" PRId64 " was made for a %d × %d screen seen from %.0f mm; this "
             "session's sidecar describes %d × %d from %.0f mm. Calibrate this session "
             "instead."),
          c->id, p->geometry.width_px, p->geometry.height_px, p->geometry.distance_mm,
          self->schedule->geometry.width_px, self->schedule->geometry.height_px,
          self->schedule->geometry.distance_mm);
      set_problem (self, text);
      return;
    }
  if (p == NULL
      || !sl_store_set_session_calibration (self->store, self->session->id, c->id, &error))
    {
      set_problem (self, error->message);
      return;
    }
  self->profile = g_steal_pointer (&p);
  g_signal_emit (self, signals[SAVED], 0, c->id);
  self->closing = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* ---- geometry -------------------------------------------------------------- */

static void
geometry_to_spins (SlCalibrationWizard *self)
{
  const SlScreenGeometry *g = &self->schedule->geometry;
  double v[N_GEO] = { g->width_px,    g->height_px,   g->width_mm,   g->height_mm,
                      g->distance_mm, g->camera_x_mm, g->camera_y_mm };
  self->updating = TRUE;
  for (int i = 0; i < N_GEO; i++)
    gtk_spin_button_set_value (self->geo[i], v[i]);
  self->updating = FALSE;
}

static void
spins_to_geometry (SlCalibrationWizard *self)
{
  SlScreenGeometry *g = &self->schedule->geometry;
  g->width_px = gtk_spin_button_get_value_as_int (self->geo[GEO_WIDTH_PX]);
  g->height_px = gtk_spin_button_get_value_as_int (self->geo[GEO_HEIGHT_PX]);
  g->width_mm = gtk_spin_button_get_value (self->geo[GEO_WIDTH_MM]);
  g->height_mm = gtk_spin_button_get_value (self->geo[GEO_HEIGHT_MM]);
  g->distance_mm = gtk_spin_button_get_value (self->geo[GEO_DISTANCE]);
  g->camera_x_mm = gtk_spin_button_get_value (self->geo[GEO_CAMERA_X]);
  g->camera_y_mm = gtk_spin_button_get_value (self->geo[GEO_CAMERA_Y]);
}

/* The screen the wizard's window is on, as a first guess. */
static void
geometry_from_monitor (SlCalibrationWizard *self, GtkWindow *parent)
{
  SlScreenGeometry *g = &self->schedule->geometry;
  *g = (SlScreenGeometry){ 1920, 1080, 527, 296, 600, 0, -10 };
  GdkDisplay *display
      = parent != NULL ? gtk_widget_get_display (GTK_WIDGET (parent)) : gdk_display_get_default ();
  GListModel *monitors = display != NULL ? gdk_display_get_monitors (display) : NULL;
  g_autoptr (GdkMonitor) m = monitors != NULL && g_list_model_get_n_items (monitors) > 0
                                 ? g_list_model_get_item (monitors, 0)
                                 : NULL;
  if (m == NULL)
    return;
  GdkRectangle r;
  gdk_monitor_get_geometry (m, &r);
  int scale = gdk_monitor_get_scale_factor (m);
  if (r.width > 0 && r.height > 0)
    {
      g->width_px = r.width * scale;
      g->height_px = r.height * scale;
    }
  if (gdk_monitor_get_width_mm (m) > 0 && gdk_monitor_get_height_mm (m) > 0)
    {
      g->width_mm = gdk_monitor_get_width_mm (m);
      g->height_mm = gdk_monitor_get_height_mm (m);
    }
}

/* ---- targets --------------------------------------------------------------- */

/* The schedule as it will be fitted: validation targets not marked yet
 * are left out. */
static gboolean
is_marked (const SlCalTarget *t, gpointer data)
{
  return !t->validation || t->end_ms > 0;
}

static SlCalSchedule *
marked_schedule (SlCalibrationWizard *self)
{
  SlCalSchedule *s = sl_cal_schedule_copy (self->schedule, is_marked, NULL);
  s->has_geometry = TRUE;
  return s;
}

static void
set_layout_targets (SlCalibrationWizard *self, int layout)
{
  const SlScreenGeometry *g = &self->schedule->geometry;
  static const char *const names5[] = { N_ ("top-left"), N_ ("top-right"), N_ ("bottom-left"),
                                        N_ ("bottom-right"), N_ ("centre") };
  double xy[18], v[8];
  int n = sl_cal_layout_points (layout, g->width_px, g->height_px, xy);
  sl_cal_layout_points (SL_CAL_LAYOUT_VALIDATION, g->width_px, g->height_px, v);
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
  if (self->events != NULL)
    sl_cal_schedule_propose (self->schedule, self->events);
  rebuild_targets (self);
}

static void
on_layout_changed (SlCalibrationWizard *self)
{
  if (self->updating)
    return;
  guint choice = gtk_drop_down_get_selected (self->layout_dropdown);
  if (choice == LAYOUT_SIDECAR && self->sidecar != NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = g_strdup (self->sidecar);
      if (!sl_calibration_wizard_load_sidecar (self, path, &error))
        toast (self, error->message);
      return;
    }
  set_layout_targets (self, choice == LAYOUT_9 ? 9 : 5);
}

static void
seek_preview (SlCalibrationWizard *self, double ms)
{
  double fps = self->session->fps > 0 ? self->session->fps : 25;
  gtk_adjustment_set_value (self->preview_adjustment, round (ms / 1000 * fps));
}

static void
on_preview_value (SlCalibrationWizard *self)
{
  gint64 frame = (gint64)gtk_adjustment_get_value (self->preview_adjustment);
  sl_video_view_seek (self->preview, frame);
  double fps = self->session->fps > 0 ? self->session->fps : 25;
  g_autofree char *text = g_strdup_printf (_ ("Frame %" PRId64 " · %.2f s"), frame, frame / fps);
  gtk_label_set_text (self->preview_label, text);
}

static void
on_time_changed (GtkSpinButton *spin, SlCalibrationWizard *self)
{
  if (self->updating)
    return;
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (spin), "target"));
  gboolean end = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (spin), "end"));
  if (i >= self->schedule->targets->len)
    return;
  SlCalTarget *t = &g_array_index (self->schedule->targets, SlCalTarget, i);
  double ms = round (gtk_spin_button_get_value (spin) * 1000);
  if (end)
    t->end_ms = ms;
  else
    t->start_ms = ms;
  seek_preview (self, ms);
}

/* "Start here" / "End here": the preview's frame becomes the selected
 * target's start or end. */
static void
mark (SlCalibrationWizard *self, gboolean end)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->target_list, self->selected);
  if (row == NULL)
    return;
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (row), end ? "end" : "start");
  double fps = self->session->fps > 0 ? self->session->fps : 25;
  gtk_spin_button_set_value (spin, gtk_adjustment_get_value (self->preview_adjustment) / fps);
}

static void
mark_start (GtkWidget *widget, const char *action, GVariant *param)
{
  mark (SL_CALIBRATION_WIZARD (widget), FALSE);
}

static void
mark_end (GtkWidget *widget, const char *action, GVariant *param)
{
  mark (SL_CALIBRATION_WIZARD (widget), TRUE);
}

static void
on_target_activated (SlCalibrationWizard *self, GtkListBoxRow *row)
{
  int i = gtk_list_box_row_get_index (row);
  if (i < 0 || (guint)i >= self->schedule->targets->len)
    return;
  self->selected = i;
  gtk_list_box_select_row (self->target_list, row);
  seek_preview (self, g_array_index (self->schedule->targets, SlCalTarget, i).start_ms);
}

static GtkWidget *
time_spin (SlCalibrationWizard *self, guint index, gboolean end, double ms)
{
  double duration = MAX (self->session->duration_s, 1);
  GtkWidget *spin = gtk_spin_button_new_with_range (0, duration, 0.04);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 2);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 5);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), ms / 1000);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (spin, end ? _ ("Last moment shown, in seconds")
                                         : _ ("First moment shown, in seconds"));
  g_object_set_data (G_OBJECT (spin), "target", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (spin), "end", GINT_TO_POINTER (end));
  g_signal_connect (spin, "value-changed", G_CALLBACK (on_time_changed), self);
  return spin;
}

static void
rebuild_targets (SlCalibrationWizard *self)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->target_list))) != NULL)
    gtk_list_box_remove (self->target_list, child);
  self->updating = TRUE;
  for (guint i = 0; i < self->schedule->targets->len; i++)
    {
      const SlCalTarget *t = &g_array_index (self->schedule->targets, SlCalTarget, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *sub = g_strdup_printf (t->validation ? _ ("validation, at %.0f, %.0f")
                                                            : _ ("calibration, at %.0f, %.0f"),
                                              t->x, t->y);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), t->id);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      GtkWidget *start = time_spin (self, i, FALSE, t->start_ms);
      GtkWidget *end = time_spin (self, i, TRUE, t->end_ms);
      g_object_set_data (G_OBJECT (row), "start", start);
      g_object_set_data (G_OBJECT (row), "end", end);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), start);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new ("–"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), end);
      gtk_list_box_append (self->target_list, row);
    }
  self->selected = MIN (self->selected, (int)self->schedule->targets->len - 1);
  gtk_list_box_select_row (self->target_list, gtk_list_box_get_row_at_index (
                                                  self->target_list, MAX (self->selected, 0)));
  self->updating = FALSE;
}

static void
propose (GtkWidget *widget, const char *action, GVariant *param)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (widget);
  if (self->events == NULL)
    return;
  int moved = sl_cal_schedule_propose (self->schedule, self->events);
  rebuild_targets (self);
  g_autofree char *text
      = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d target moved to a fixation",
                                      "%d targets moved to fixations", moved),
                         moved);
  toast (self, text);
}

gboolean
sl_calibration_wizard_load_sidecar (SlCalibrationWizard *self, const char *path, GError **error)
{
  g_autoptr (SlCalSchedule) s = sl_cal_schedule_load (path, 0, error);
  if (s == NULL)
    return FALSE;
  if (!s->has_geometry)
    s->geometry = self->schedule->geometry;
  sl_cal_schedule_free (self->schedule);
  self->schedule = g_steal_pointer (&s);
  if (self->sidecar != path)
    {
      g_free (self->sidecar);
      self->sidecar = g_strdup (path);
    }
  geometry_to_spins (self);
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->layout_dropdown, LAYOUT_SIDECAR);
  self->updating = FALSE;
  rebuild_targets (self);
  describe_source (self);
  return TRUE;
}

static void
on_sidecar_response (GtkNativeDialog *dialog, int response, gpointer data)
{
  g_autoptr (SlCalibrationWizard) self = data;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr (GError) error = NULL;
      if (!sl_calibration_wizard_load_sidecar (self, path, &error))
        toast (self, error->message);
    }
  g_object_unref (dialog);
}

static void
open_sidecar (GtkWidget *widget, const char *action, GVariant *param)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (widget);
  GtkFileChooserNative *dialog
      = gtk_file_chooser_native_new (_ ("Open a Calibration Sidecar"), GTK_WINDOW (self),
                                     GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"), _ ("_Cancel"));
  GtkFileFilter *filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _ ("Calibration sidecars (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_sidecar_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- live calibration ------------------------------------------------------ */

static void
set_live_status (SlCalibrationWizard *self, const char *text, double fraction)
{
  gtk_label_set_text (self->live_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->live_progress), fraction >= 0);
  if (fraction >= 0)
    gtk_progress_bar_set_fraction (self->live_progress, fraction);
}

void
sl_calibration_wizard_use_camera (SlCalibrationWizard *self, const char *device)
{
  g_free (self->live_device);
  self->live_device = g_strdup (device);
  gtk_stack_set_visible_child_name (self->targets_stack, device != NULL ? "live" : "list");
  if (device != NULL)
    {
      g_autofree char *text = g_strdup_printf (
          _ ("Camera %s. Sit as in the interview, then show the targets: the screen goes dark "
             "and shows one target at a time; look at each until it moves on. Space skips a "
             "target, Esc stops. The recording becomes a new session."),
          device);
      set_live_status (self, text, -1);
      gtk_widget_set_sensitive (self->live_button, TRUE);
      /* Targets of the layout, without times: the run gives them. */
      if (self->sidecar != NULL || self->schedule->targets->len == 0)
        {
          g_clear_pointer (&self->sidecar, g_free);
          set_layout_targets (self, self->schedule->layout == 9 ? 9 : 5);
        }
    }
}

static void
use_camera (GtkWidget *widget, const char *action, GVariant *param)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (widget);
  guint i = adw_combo_row_get_selected (self->camera_row);
  if (self->cameras == NULL || i >= g_strv_length (self->cameras))
    return;
  sl_calibration_wizard_use_camera (self, self->cameras[i]);
  gtk_widget_activate_action (widget, "wizard.next", NULL);
}

static void
on_live_progress (SlAnalysis *analysis, GParamSpec *pspec, SlCalibrationWizard *self)
{
  g_autofree char *text = g_strdup_printf (
      _ ("Analysing the recording: %" PRId64 " of %" PRId64 " frames"),
      sl_analysis_get_frames_done (analysis), sl_analysis_get_frames_total (analysis));
  set_live_status (self, text, sl_analysis_get_fraction (analysis));
}

static void
on_live_analysed (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (SlCalibrationWizard) self = data;
  g_autoptr (GError) error = NULL;
  gboolean ok = sl_analysis_run_finish (SL_ANALYSIS (source), result, &error);
  g_signal_handlers_disconnect_by_func (source, on_live_progress, self);
  g_clear_object (&self->live_analysis);
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  if (!ok)
    {
      set_live_status (self, error->message, -1);
      set_problem (self, error->message);
      return;
    }
  /* From here on the wizard calibrates the recorded run like any other. */
  g_autofree char *sidecar = sl_live_calibration_sidecar (self->live_recording);
  g_free (self->again_device);
  self->again_device = g_strdup (self->live_device);
  self->again_session = self->session->id;
  sl_calibration_wizard_use_camera (self, NULL);
  if (!sl_calibration_wizard_load_sidecar (self, sidecar, &error))
    set_problem (self, error->message);
  if (sl_video_view_open (self->preview, self->session->path, NULL))
    gtk_adjustment_set_upper (self->preview_adjustment,
                              MAX (sl_video_view_get_frame_count (self->preview) - 1, 1));
  adw_window_title_set_title (self->title, self->session->name);
  start_loading (self);
  toast (self, self->joined ? _ ("Shown again, joined to the first run and analysed: the targets "
                                 "shown again come last")
                            : _ ("Recorded and analysed: check each target's stretch, then go on"));
}

/* The targets were all shown (or the run stopped): keep and analyse the
 * recording, or say why nothing was kept. */
static void
on_live_done (SlLiveTargets *page, gboolean completed, SlCalibrationWizard *self)
{
  g_autoptr (GError) error = NULL;
  gboolean kept = FALSE;
  if (completed)
    kept = sl_live_calibration_finish (self->live, &error);
  else
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                 _ ("The live calibration was stopped; nothing was kept."));
  g_clear_pointer (&self->live, sl_live_calibration_free);
  gtk_window_destroy (GTK_WINDOW (page));
  self->live_page = NULL;
  gtk_widget_set_sensitive (self->live_button, TRUE);
  gtk_window_present (GTK_WINDOW (self));
  gboolean again = self->again_run;
  self->again_run = FALSE;
  self->joined = again;
  if (!kept)
    {
      /* Shown again and stopped: the session is as it was. */
      if (again)
        sl_calibration_wizard_use_camera (self, NULL);
      set_live_status (self, error->message, -1);
      set_problem (self, error->message);
      return;
    }
  /* The recording joins the library as a session of its own. */
  g_autoptr (SlProbe) probe = sl_probe_file (self->live_recording, NULL, &error);
  if (self->store == NULL && probe != NULL)
    self->store = sl_store_open (self->library, &error);
  g_autoptr (SlSession) session = probe != NULL && self->store != NULL
                                      ? sl_store_import (self->store, probe, NULL, &error)
                                      : NULL;
  if (session == NULL)
    {
      set_problem (self, error->message);
      return;
    }
  g_set_object (&self->session, session);
  self->live_analysis = sl_analysis_new (self->library, session->id, SL_PRESET_EVERY_FRAME,
                                         CLAMP ((int)g_get_num_processors (), 1, 8), FALSE);
  g_signal_connect (self->live_analysis, "notify::frames-done", G_CALLBACK (on_live_progress),
                    self);
  set_live_status (self, _ ("Analysing the recording…"), 0);
  sl_analysis_run_async (self->live_analysis, self->cancellable, on_live_analysed,
                         g_object_ref (self));
}

/* A new file for a live run, in the recordings folder beside the library. */
static char *
new_recording (SlCalibrationWizard *self)
{
  g_autofree char *dir = g_path_get_dirname (self->library);
  g_autofree char *recordings = g_build_filename (dir, "recordings", NULL);
  g_mkdir_with_parents (recordings, 0700);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("calibration-%s.avi", stamp);
  char *path = g_build_filename (recordings, name, NULL);
  for (int k = 2; g_file_test (path, G_FILE_TEST_EXISTS); k++)
    {
      g_free (path);
      g_autofree char *other = g_strdup_printf ("calibration-%s-%d.avi", stamp, k);
      path = g_build_filename (recordings, other, NULL);
    }
  return path;
}

/* The page of targets is up: the wizard waits for its "done". */
static void
show_live_page (SlCalibrationWizard *self, const SlCalSchedule *targets, const char *status)
{
  set_problem (self, NULL);
  set_live_status (self, status, -1);
  gtk_widget_set_sensitive (self->live_button, FALSE);
  self->live_page = sl_live_targets_new (self->live, targets);
  g_signal_connect (self->live_page, "done", G_CALLBACK (on_live_done), self);
  gtk_window_present (GTK_WINDOW (self->live_page));
}

static void
run_live (GtkWidget *widget, const char *action, GVariant *param)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (widget);
  if (self->live_device == NULL || self->live != NULL || self->live_analysis != NULL)
    return;
  g_free (self->live_recording);
  self->live_recording = new_recording (self);
  SlLiveTiming timing = SL_LIVE_TIMING_DEFAULT;
  g_autoptr (GError) error = NULL;
  self->live = sl_live_calibration_start (self->live_device, self->live_recording, self->schedule,
                                          timing, &error);
  if (self->live == NULL)
    {
      set_live_status (self, error->message, -1);
      set_problem (self, error->message);
      return;
    }
  show_live_page (self, self->schedule, _ ("Showing the targets…"));
}

static gboolean
is_named (const SlCalTarget *t, gpointer ids)
{
  return g_strv_contains (ids, t->id);
}

/* Shows the targets named in @param again, live; the run is joined to
 * this session's recording as a new session, and this one is kept. */
static void
show_again (GtkWidget *widget, const char *action, GVariant *param)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (widget);
  if (self->again_device == NULL || self->live != NULL || self->live_analysis != NULL
      || self->session == NULL)
    return;
  g_autofree const char **ids = g_variant_get_strv (param, NULL);
  g_autoptr (SlCalSchedule) targets = sl_cal_schedule_copy (self->schedule, is_named, ids);
  if (targets->targets->len == 0)
    return;
  g_free (self->live_recording);
  self->live_recording = new_recording (self);
  SlLiveTiming timing = SL_LIVE_TIMING_DEFAULT;
  g_autoptr (GError) error = NULL;
  /* Joined to this session's targets as they are marked now. */
  self->live = sl_live_calibration_start_again (self->again_device, self->live_recording,
                                                self->session->path, self->schedule, targets,
                                                timing, &error);
  if (self->live == NULL)
    {
      set_problem (self, error->message);
      return;
    }
  /* The Targets page tells how the run goes, and then lists the joined
   * schedule. */
  self->again_run = TRUE;
  self->page = 2;
  update_page (self);
  g_free (self->live_device);
  self->live_device = g_strdup (self->again_device);
  gtk_stack_set_visible_child_name (self->targets_stack, "live");
  g_autofree char *status = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE,
                   "Showing %u target again; the run is then joined to session "
                   "%" PRId64 " as a new session…",
                   "Showing %u targets again; the run is then joined to session %" PRId64
                   " as a new session…",
                   targets->targets->len),
      targets->targets->len, self->session->id);
  show_live_page (self, targets, status);
}

SlLiveTargets *
sl_calibration_wizard_get_live_page (SlCalibrationWizard *self)
{
  return self->live_page;
}

gboolean
sl_calibration_wizard_is_busy (SlCalibrationWizard *self)
{
  return self->live != NULL || self->live_analysis != NULL || !self->loaded;
}

SlSession *
sl_calibration_wizard_get_session (SlCalibrationWizard *self)
{
  return self->session;
}

/* ---- fit and result -------------------------------------------------------- */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_row (GtkListBox *list, const char *title, const char *subtitle, const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (value != NULL)
    {
      GtkWidget *l = gtk_label_new (value);
      gtk_widget_add_css_class (l, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), l);
    }
  gtk_list_box_append (list, row);
}

static char *
degrees (double v)
{
  return isfinite (v) ? g_strdup_printf ("%.2f°", v) : g_strdup ("–");
}

static const SlCalTarget *
find_target (const SlCalSchedule *s, const char *id)
{
  for (guint i = 0; i < s->targets->len; i++)
    if (g_strcmp0 (g_array_index (s->targets, SlCalTarget, i).id, id) == 0)
      return &g_array_index (s->targets, SlCalTarget, i);
  return NULL;
}

static SlCalOptions
fit_options (SlCalibrationWizard *self)
{
  SlCalOptions options = SL_CAL_OPTIONS_DEFAULT;
  options.order = adw_combo_row_get_selected (self->order_row) == 1 ? 1 : 2;
  return options;
}

/* "Show Them Again": offered for a session a live run of this wizard
 * recorded, when some of its targets have too few valid samples. */
static void
update_show_again (SlCalibrationWizard *self)
{
  g_auto (GStrv) ids = NULL;
  if (self->again_device != NULL && self->session != NULL
      && self->session->id == self->again_session && self->frames != NULL)
    {
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
          g_autoptr (SlCalSchedule) s = marked_schedule (self);
          SlCalOptions options = fit_options (self);
          ids = sl_cal_too_few (s, self->frames, &options);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (self->again_buttons); i++)
    {
      gtk_widget_set_visible (self->again_buttons[i], ids != NULL && ids[0] != NULL);
      gtk_actionable_set_action_target_value (
          GTK_ACTIONABLE (self->again_buttons[i]),
          g_variant_new_strv ((const char *const *)ids, ids != NULL ? -1 : 0));
    }
}

static void
show_fit (SlCalibrationWizard *self)
{
  clear_list (self->fit_list);
  clear_list (self->point_list);
  update_show_again (self);
  const SlCalProfile *p = self->profile;
  if (p == NULL)
    return;
  static const char *const fit_titles[]
      = { N_ ("Both eyes"), N_ ("Eye on the image's left"), N_ ("Eye on the image's right") };
  const char *how = p->by_validation ? _ ("accuracy on the validation targets")
                                     : _ ("each target measured by a fit made without it");
  for (int fit = 0; fit < SL_CAL_N_FITS; fit++)
    {
      g_autofree char *v = degrees (p->fit_accuracy_deg[fit]);
      add_row (self->fit_list, _ (fit_titles[fit]),
               p->models[fit] != NULL ? how : _ ("too few samples for this fit"), v);
    }
  for (guint i = 0; i < p->points->len; i++)
    {
      const SlCalPoint *pt = &g_array_index (p->points, SlCalPoint, i);
      g_autofree char *title = g_strdup_printf (
          "%s · %s", pt->id, pt->validation ? _ ("validation") : _ ("calibration"));
      g_autofree char *sub = NULL;
      if (pt->too_few)
        sub = g_strdup_printf (_ ("Too few valid samples: %d of %d frames (no face %d, eyes "
                                  "closed %d, no pupils %d, looked elsewhere %d)"),
                               pt->samples - pt->outliers, pt->frames, pt->no_face, pt->closed,
                               pt->no_pupil, pt->outliers);
      else
        sub = g_strdup_printf (_ ("%d valid of %d frames, %d dropped as outliers; precision "
                                  "%.2f°"),
                               pt->samples - pt->outliers, pt->frames, pt->outliers,
                               pt->precision_deg);
      const SlCalTarget *t = find_target (self->schedule, pt->id);
      if (t != NULL && t->live && !t->settled)
        {
          char *more
              = g_strconcat (sub, _ (" · the eyes had not settled when its samples began"), NULL);
          g_free (sub);
          sub = more;
        }
      g_autofree char *v = degrees (pt->accuracy_deg);
      add_row (self->point_list, title, sub, v);
    }
}

static gboolean
fit (SlCalibrationWizard *self)
{
  g_clear_pointer (&self->profile, sl_cal_profile_free);
  g_autoptr (SlCalSchedule) s = marked_schedule (self);
  SlCalOptions options = fit_options (self);
  g_autoptr (GError) error = NULL;
  self->profile = sl_cal_calibrate (s, self->frames, &options, &error);
  if (self->profile == NULL)
    {
      set_problem (self, error->message);
      show_fit (self);
      return FALSE;
    }
  self->profile->session_id = self->session->id;
  self->profile->run_id = self->run->id;
  self->profile->versions = sl_cal_feature_versions (self->run->processors);
  set_problem (self, NULL);
  show_fit (self);
  return TRUE;
}

static void
on_order_changed (SlCalibrationWizard *self)
{
  if (self->page == 3 && self->frames != NULL)
    {
      fit (self);
      update_page (self);
    }
}

static double
accuracy_limit (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  return g_settings_get_double (settings, "calibration-accuracy-limit");
}

static void
plot_colors (GtkWidget *widget, SlPlotColors *c)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &c->foreground);
  G_GNUC_END_IGNORE_DEPRECATIONS
  sl_style_color (widget, "view_bg_color", &c->background, "#ffffff");
  sl_style_color (widget, "accent_color", &c->target, "#1c71d8");
  sl_style_color (widget, "success_color", &c->estimate, "#26a269");
  sl_style_color (widget, "error_color", &c->warning, "#c01c28");
}

static void
draw_plot (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  SlCalibrationWizard *self = data;
  if (self->profile == NULL)
    return;
  SlPlotColors colors;
  plot_colors (GTK_WIDGET (area), &colors);
  if (area == self->plot)
    sl_cal_plot_targets (cr, width, height, self->profile, &colors);
  else
    sl_cal_plot_drift (cr, width, height, self->profile, &colors);
}

static void
show_result (SlCalibrationWizard *self)
{
  const SlCalProfile *p = self->profile;
  if (p == NULL)
    return;
  double limit = accuracy_limit ();
  g_autofree char *acc = g_strdup_printf (
      _ ("Accuracy %.2f° (%s) · precision %.2f° RMS · screen seen from %.0f mm; degrees are "
         "only as good as that distance"),
      p->accuracy_deg,
      p->by_validation ? _ ("validation targets") : _ ("each target left out of the fit"),
      p->precision_deg, p->geometry.distance_mm);
  gtk_label_set_text (self->accuracy_label, acc);
  gboolean good = p->accuracy_deg <= limit;
  g_autofree char *verdict
      = good ? g_strdup_printf (_ ("Good: within %.1f°"), limit)
             : g_strdup_printf (_ ("Poor: worse than %.1f°; check the targets' stretches and "
                                   "the distance, or calibrate again"),
                                limit);
  gtk_label_set_text (self->verdict_label, verdict);
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), good ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), good ? "success" : "error");

  g_autoptr (GString) warnings = g_string_new (NULL);
  g_autoptr (GString) worse = g_string_new (NULL), few = g_string_new (NULL);
  int n_measured = 0;
  for (guint i = 0; i < p->points->len; i++)
    {
      const SlCalPoint *pt = &g_array_index (p->points, SlCalPoint, i);
      if (pt->too_few)
        g_string_append_printf (few, "%s%s", few->len ? ", " : "", pt->id);
      else if (pt->accuracy_deg > 2 * p->accuracy_deg && pt->validation == p->by_validation)
        g_string_append_printf (worse, "%s%s (%.1f°)", worse->len ? ", " : "", pt->id,
                                pt->accuracy_deg);
      n_measured += !pt->too_few && isfinite (pt->accuracy_deg);
    }
  if (worse->len)
    g_string_append_printf (warnings, _ ("Worse than twice the mean: %s. "), worse->str);
  if (few->len && gtk_widget_get_visible (self->again_buttons[1]))
    g_string_append_printf (warnings,
                            _ ("Too few valid samples, not used: %s; show them again on the "
                               "camera, or re-mark them. "),
                            few->str);
  else if (few->len)
    g_string_append_printf (warnings, _ ("Too few valid samples, not used: %s; re-mark them. "),
                            few->str);
  gtk_label_set_text (self->warnings_label, warnings->str);
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_label), warnings->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->remark_button), few->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->drift), n_measured >= 2);
  gtk_widget_queue_draw (GTK_WIDGET (self->plot));
  gtk_widget_queue_draw (GTK_WIDGET (self->drift));
}

static void
show_save (SlCalibrationWizard *self)
{
  const SlCalProfile *p = self->profile;
  if (p == NULL)
    return;
  if (gtk_editable_get_text (GTK_EDITABLE (self->name_row))[0] == '\0')
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *date = g_date_time_format (now, "%Y-%m-%d %H:%M");
      g_autofree char *name = g_strdup_printf ("%s %s", self->session->name, date);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
    }
  g_autofree char *text = g_strdup_printf (
      _ ("The profile keeps the screen, the layout, the mapping of order %d, each target's "
         "errors and the frames used. Saving applies it to session %" PRId64
         ": the window then shows on-screen gaze, a scan path and a heat map, and the "
         "interview scores."),
      p->options.order, self->session->id);
  gtk_label_set_text (self->summary_label, text);
}

static void
remark (GtkWidget *widget, const char *action, GVariant *param)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (widget);
  self->page = 2;
  set_problem (self, NULL);
  update_page (self);
}

/* ---- navigation ------------------------------------------------------------ */

static void
update_page (SlCalibrationWizard *self)
{
  static const char *const titles[N_PAGES]
      = { N_ ("Source"), N_ ("Screen and Distance"), N_ ("Targets"), N_ ("Fit"),
          N_ ("Result"), N_ ("Save and Apply") };
  gtk_stack_set_visible_child_name (self->stack, pages[self->page]);
  g_autofree char *sub = g_strdup_printf (_ ("Step %u of %u: %s"), self->page + 1, (guint)N_PAGES,
                                          _ (titles[self->page]));
  adw_window_title_set_subtitle (self->title, sub);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), self->page > 0);
  gtk_button_set_label (self->next_button,
                        self->page + 1 == N_PAGES ? _ ("Save and Apply") : _ ("Next"));
  gboolean can = TRUE;
  if (self->page == 0)
    can = self->loaded && self->load_error == NULL;
  else if (self->page >= 3)
    can = self->profile != NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", self->page > 0);
}

static gboolean
leave_page (SlCalibrationWizard *self)
{
  g_autoptr (GError) error = NULL;
  switch (self->page)
    {
    case 1:
      spins_to_geometry (self);
      if (!sl_screen_geometry_check (&self->schedule->geometry, &error))
        {
          set_problem (self, error->message);
          return FALSE;
        }
      /* Layout targets follow the screen. */
      if (gtk_drop_down_get_selected (self->layout_dropdown) != LAYOUT_SIDECAR
          || self->sidecar == NULL)
        {
          int layout = self->schedule->layout != 0 ? self->schedule->layout : 5;
          double xy[18], v[8];
          int n = sl_cal_layout_points (layout, self->schedule->geometry.width_px,
                                        self->schedule->geometry.height_px, xy);
          sl_cal_layout_points (SL_CAL_LAYOUT_VALIDATION, self->schedule->geometry.width_px,
                                self->schedule->geometry.height_px, v);
          int c = 0, k = 0;
          for (guint i = 0; i < self->schedule->targets->len; i++)
            {
              SlCalTarget *t = &g_array_index (self->schedule->targets, SlCalTarget, i);
              if (t->validation && k < SL_CAL_LAYOUT_VALIDATION)
                t->x = v[2 * k], t->y = v[2 * k + 1], k++;
              else if (!t->validation && c < n)
                t->x = xy[2 * c], t->y = xy[2 * c + 1], c++;
            }
          rebuild_targets (self);
        }
      return TRUE;
    case 2:
      {
        if (self->live_device != NULL)
          {
            set_problem (self, _ ("Show the targets first: the live calibration records them."));
            return FALSE;
          }
        if (self->frames == NULL)
          {
            set_problem (self, self->load_error != NULL ? self->load_error
                                                        : _ ("Still reading the analysis…"));
            return FALSE;
          }
        g_autoptr (SlCalSchedule) s = marked_schedule (self);
        if (!sl_cal_schedule_check (s, self->session->duration_s, &error))
          {
            set_problem (self, error->message);
            return FALSE;
          }
        return TRUE;
      }
    default:
      return TRUE;
    }
}

static gboolean
keep_all (const SlCalTarget *t, gpointer data)
{
  return TRUE;
}

static void
save (SlCalibrationWizard *self)
{
  g_autoptr (GError) error = NULL;
  g_free (self->profile->name);
  self->profile->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  if (self->profile->name[0] == '\0')
    {
      g_free (self->profile->name);
      self->profile->name = g_strdup (self->session->name);
    }
  if (self->store == NULL)
    self->store = sl_store_open (self->library, &error);
  if (self->store == NULL || !sl_cal_profile_save (self->profile, self->store, &error))
    {
      set_problem (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, self->profile->id);
  self->closing = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* After the question has gone: closing the wizard from inside its
 * dialog's response would destroy the dialog under its own signal. */
static gboolean
save_later (gpointer data)
{
  save (data);
  return G_SOURCE_REMOVE;
}

static void
on_poor_response (AdwMessageDialog *dialog, const char *response, gpointer data)
{
  if (g_strcmp0 (response, "save") == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, save_later, g_object_ref (data), g_object_unref);
}

/* A profile worse than the limit is saved only when the grader says so. */
static void
save_or_ask (SlCalibrationWizard *self)
{
  double limit = accuracy_limit ();
  if (self->profile == NULL || !(self->profile->accuracy_deg > limit))
    {
      save (self);
      return;
    }
  g_autofree char *body = g_strdup_printf (
      _ ("Its accuracy is %.2f°, worse than the %.1f° a good calibration reaches: gaze mapped "
         "with it, the heat map and the scores will be off by about that much. Calibrate "
         "again, re-mark the targets, or save it anyway."),
      self->profile->accuracy_deg, limit);
  AdwMessageDialog *dialog
      = sl_ask_new (GTK_WINDOW (self), _ ("Save a Poor Calibration?"), body, "cancel",
                    _ ("_Cancel"), "save", _ ("_Save Anyway"), ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_poor_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
next (GtkWidget *widget, const char *action, GVariant *param)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (widget);
  if (self->page + 1 == N_PAGES)
    {
      save_or_ask (self);
      return;
    }
  if (!leave_page (self))
    return;
  set_problem (self, NULL);
  self->page++;
  if (self->page == 2 && self->pristine == NULL)
    self->pristine = sl_cal_schedule_copy (self->schedule, keep_all, NULL);
  if (self->page == 3)
    fit (self);
  else if (self->page == 4)
    show_result (self);
  else if (self->page == 5)
    show_save (self);
  update_page (self);
}

static void
back (GtkWidget *widget, const char *action, GVariant *param)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (widget);
  if (self->page == 0)
    return;
  set_problem (self, NULL);
  self->page--;
  update_page (self);
}

static void
cancel (GtkWidget *widget, const char *action, GVariant *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* Whether closing now throws away work: a fit, or targets marked, moved or
 * re-timed since the targets page was first shown. */
static gboolean
has_unsaved_work (SlCalibrationWizard *self)
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

static gboolean
close_later (gpointer data)
{
  SL_CALIBRATION_WIZARD (data)->closing = TRUE;
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
on_discard_response (AdwMessageDialog *dialog, const char *response, gpointer data)
{
  if (g_strcmp0 (response, "discard") == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_later, g_object_ref (data), g_object_unref);
}

static gboolean
sl_calibration_wizard_close_request (GtkWindow *window)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (window);
  if (self->closing || !has_unsaved_work (self))
    return GTK_WINDOW_CLASS (sl_calibration_wizard_parent_class)->close_request (window);
  AdwMessageDialog *dialog
      = sl_ask_new (window, _ ("Discard the Calibration?"),
                    _ ("The targets you marked and the fit made from them are not saved."), "keep",
                    _ ("_Keep Editing"), "discard", _ ("_Discard"), ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* ---- building -------------------------------------------------------------- */

static GtkWidget *
build_source (SlCalibrationWizard *self)
{
  GtkWidget *box = page_box ();
  gtk_box_append (GTK_BOX (box),
                  heading (_ ("A recorded calibration"),
                           _ ("The person looked at known points on the screen at the start or "
                              "end of the recording. Their eye features, found by the analysis, "
                              "are mapped to those points.")));
  GtkWidget *list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  self->recording_row = ADW_ACTION_ROW (adw_action_row_new ());
  self->analysis_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->analysis_row), _ ("Analysis"));
  self->sidecar_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sidecar_row),
                                 _ ("Schedule of targets (sidecar)"));
  GtkWidget *open = gtk_button_new_with_mnemonic (_ ("_Open…"));
  gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "wizard.open-sidecar");
  adw_action_row_add_suffix (self->sidecar_row, open);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->recording_row));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->analysis_row));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->sidecar_row));
  gtk_box_append (GTK_BOX (box), list);

  /* Or a profile made before, for the same person and setup. */
  self->profile_list = gtk_list_box_new ();
  gtk_widget_add_css_class (self->profile_list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->profile_list), GTK_SELECTION_NONE);
  self->profile_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->profile_row),
                                 _ ("Or apply a saved profile"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->profile_row),
                               _ ("Only for the same person, screen and seat"));
  GtkWidget *apply = gtk_button_new_with_mnemonic (_ ("_Apply"));
  gtk_widget_set_valign (apply, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (apply), "wizard.apply-profile");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->profile_row), apply);
  gtk_list_box_append (GTK_LIST_BOX (self->profile_list), GTK_WIDGET (self->profile_row));
  gtk_widget_set_visible (self->profile_list, FALSE);
  gtk_box_append (GTK_BOX (box), self->profile_list);

  /* Or a camera: a live calibration, recorded as a new session. */
  GtkWidget *cams = gtk_list_box_new ();
  gtk_widget_add_css_class (cams, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (cams), GTK_SELECTION_NONE);
  self->camera_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->camera_row),
                                 _ ("Or calibrate live with a camera"));
  self->cameras = sl_live_list_cameras ();
  g_autoptr (GtkStringList) model = gtk_string_list_new ((const char *const *)self->cameras);
  adw_combo_row_set_model (self->camera_row, G_LIST_MODEL (model));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->camera_row),
                               self->cameras[0] != NULL
                                   ? _ ("Recorded into the library as a new session")
                                   : _ ("No camera found (/dev/video*)"));
  self->camera_button = gtk_button_new_with_mnemonic (_ ("_Use Camera"));
  gtk_widget_set_valign (self->camera_button, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (self->camera_button, self->cameras[0] != NULL);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->camera_button), "wizard.use-camera");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->camera_row), self->camera_button);
  gtk_list_box_append (GTK_LIST_BOX (cams), GTK_WIDGET (self->camera_row));
  gtk_box_append (GTK_BOX (box), cams);
  return box;
}

static GtkWidget *
build_geometry (SlCalibrationWizard *self)
{
  static const struct
  {
    const char *title, *subtitle;
    double min, max, step;
  } rows[N_GEO] = {
    { N_ ("Screen width"), N_ ("pixels"), 64, 16384, 1 },
    { N_ ("Screen height"), N_ ("pixels"), 64, 16384, 1 },
    { N_ ("Screen width"), N_ ("millimetres"), 1, 5000, 1 },
    { N_ ("Screen height"), N_ ("millimetres"), 1, 5000, 1 },
    { N_ ("Viewing distance"), N_ ("millimetres from the eyes to the screen"), 1, 5000, 10 },
    { N_ ("Camera, across"), N_ ("millimetres right of the screen's top centre"), -2000, 2000, 1 },
    { N_ ("Camera, down"), N_ ("millimetres below the screen's top edge (above: negative)"), -2000,
      2000, 1 },
  };
  GtkWidget *box = page_box ();
  gtk_box_append (GTK_BOX (box),
                  heading (_ ("Screen and distance"),
                           _ ("These turn errors on the screen into degrees of visual angle. "
                              "Degrees are only as good as the viewing distance entered.")));
  GtkWidget *list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  for (int i = 0; i < N_GEO; i++)
    {
      GtkWidget *row = sl_spin_row_new (_ (rows[i].title), _ (rows[i].subtitle), rows[i].min,
                                        rows[i].max, rows[i].step, 0, &self->geo[i]);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_box_append (GTK_BOX (box), list);
  return box;
}

static GtkWidget *
build_targets (SlCalibrationWizard *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);

  GtkWidget *left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_hexpand (left, TRUE);
  gtk_box_append (GTK_BOX (left),
                  heading (_ ("When each target was shown"),
                           _ ("Each target's stretch should be where the eyes rested on it. "
                              "Propose takes the fixations the analysis found; select a target "
                              "to see its start, and mark its start or end at the preview's "
                              "frame.")));
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  const char *const layouts[]
      = { _ ("From the sidecar"), _ ("5 points (corners and centre)"), _ ("9 points"), NULL };
  self->layout_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (layouts));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->layout_dropdown), _ ("Layout of the targets"));
  g_signal_connect_swapped (self->layout_dropdown, "notify::selected",
                            G_CALLBACK (on_layout_changed), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->layout_dropdown));
  GtkWidget *prop = gtk_button_new_with_mnemonic (_ ("_Propose from Fixations"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (prop), "wizard.propose");
  gtk_box_append (GTK_BOX (bar), prop);
  gtk_box_append (GTK_BOX (left), bar);
  self->target_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->target_list), "boxed-list");
  gtk_list_box_set_selection_mode (self->target_list, GTK_SELECTION_SINGLE);
  g_signal_connect_swapped (self->target_list, "row-activated", G_CALLBACK (on_target_activated),
                            self);
  GtkWidget *scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->target_list));
  gtk_box_append (GTK_BOX (left), scroll);
  gtk_box_append (GTK_BOX (box), left);

  GtkWidget *right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->preview = SL_VIDEO_VIEW (sl_video_view_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->preview), 320, 240);
  gtk_widget_set_hexpand (GTK_WIDGET (self->preview), FALSE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->preview), FALSE);
  g_object_set (self->preview, "show-frame-info", FALSE, NULL);
  gtk_box_append (GTK_BOX (right), GTK_WIDGET (self->preview));
  self->preview_adjustment = gtk_adjustment_new (0, 0, 1, 1, 25, 0);
  g_signal_connect_swapped (self->preview_adjustment, "value-changed",
                            G_CALLBACK (on_preview_value), self);
  GtkWidget *scale = gtk_scale_new (GTK_ORIENTATION_HORIZONTAL, self->preview_adjustment);
  gtk_accessible_update_property (GTK_ACCESSIBLE (scale), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Preview position"), -1);
  gtk_box_append (GTK_BOX (right), scale);
  self->preview_label = GTK_LABEL (gtk_label_new (""));
  gtk_widget_add_css_class (GTK_WIDGET (self->preview_label), "numeric");
  gtk_box_append (GTK_BOX (right), GTK_WIDGET (self->preview_label));
  GtkWidget *marks = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (marks, GTK_ALIGN_CENTER);
  GtkWidget *ms = gtk_button_new_with_mnemonic (_ ("_Start Here"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (ms), "wizard.mark-start");
  gtk_widget_set_tooltip_text (ms, _ ("The selected target starts at this frame (Ctrl+[)"));
  gtk_box_append (GTK_BOX (marks), ms);
  GtkWidget *me = gtk_button_new_with_mnemonic (_ ("_End Here"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (me), "wizard.mark-end");
  gtk_widget_set_tooltip_text (me, _ ("The selected target ends at this frame (Ctrl+])"));
  gtk_box_append (GTK_BOX (marks), me);
  gtk_box_append (GTK_BOX (right), marks);
  gtk_box_append (GTK_BOX (box), right);

  /* The same page for a camera: the run that records the targets. */
  GtkWidget *live = page_box ();
  gtk_box_append (GTK_BOX (live), heading (_ ("Live calibration"), NULL));
  self->live_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->live_label, 0);
  gtk_label_set_wrap (self->live_label, TRUE);
  gtk_box_append (GTK_BOX (live), GTK_WIDGET (self->live_label));
  self->live_progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->live_progress), FALSE);
  gtk_box_append (GTK_BOX (live), GTK_WIDGET (self->live_progress));
  self->live_button = gtk_button_new_with_mnemonic (_ ("_Show the Targets"));
  gtk_widget_set_halign (self->live_button, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->live_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->live_button), "wizard.run-live");
  gtk_box_append (GTK_BOX (live), self->live_button);

  self->targets_stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->targets_stack, box, "list");
  gtk_stack_add_named (self->targets_stack, live, "live");
  gtk_stack_set_visible_child_name (self->targets_stack, "list");
  return GTK_WIDGET (self->targets_stack);
}

static GtkWidget *
again_button (void)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_ ("_Show Them Again"));
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, _ ("Show the targets with too few valid samples again "
                                          "on the camera, and join them to this recording"));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_strv (NULL, 0));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "wizard.show-again");
  gtk_widget_set_visible (button, FALSE);
  return button;
}

static GtkWidget *
build_fit (SlCalibrationWizard *self)
{
  GtkWidget *box = page_box ();
  gtk_box_append (GTK_BOX (box),
                  heading (_ ("The mapping"),
                           _ ("A polynomial from both eyes' pupil positions, with the head's "
                              "yaw and pitch, to the screen; one per eye as well, for frames "
                              "where only one eye is seen. Samples more than 5° from their "
                              "target's median estimate are dropped.")));
  GtkWidget *orders = gtk_list_box_new ();
  gtk_widget_add_css_class (orders, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (orders), GTK_SELECTION_NONE);
  self->order_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->order_row), _ ("Order"));
  const char *const choices[] = { _ ("Second (default)"), _ ("First"), NULL };
  g_autoptr (GtkStringList) model = gtk_string_list_new (choices);
  adw_combo_row_set_model (self->order_row, G_LIST_MODEL (model));
  g_signal_connect_swapped (self->order_row, "notify::selected", G_CALLBACK (on_order_changed),
                            self);
  gtk_list_box_append (GTK_LIST_BOX (orders), GTK_WIDGET (self->order_row));
  gtk_box_append (GTK_BOX (box), orders);
  self->fit_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->fit_list), "boxed-list");
  gtk_list_box_set_selection_mode (self->fit_list, GTK_SELECTION_NONE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->fit_list));
  self->point_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->point_list), "boxed-list");
  gtk_list_box_set_selection_mode (self->point_list, GTK_SELECTION_NONE);
  GtkWidget *scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->point_list));
  gtk_box_append (GTK_BOX (box), scroll);
  self->again_buttons[0] = again_button ();
  gtk_box_append (GTK_BOX (box), self->again_buttons[0]);
  return box;
}

static GtkWidget *
build_result (SlCalibrationWizard *self)
{
  GtkWidget *box = page_box ();
  self->verdict_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->verdict_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), "title-3");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->verdict_label));
  self->accuracy_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->accuracy_label, 0);
  gtk_label_set_wrap (self->accuracy_label, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->accuracy_label));
  GtkWidget *plots = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->plot = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->plot), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->plot), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->plot), 420, 280);
  gtk_drawing_area_set_draw_func (self->plot, draw_plot, self, NULL);
  gtk_box_append (GTK_BOX (plots), GTK_WIDGET (self->plot));
  self->drift = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->drift), 260, 200);
  gtk_widget_set_valign (GTK_WIDGET (self->drift), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->drift),
                               _ ("Each target's error against the time it was shown: a "
                                  "mapping that drifts grows worse later in the recording"));
  gtk_drawing_area_set_draw_func (self->drift, draw_plot, self, NULL);
  gtk_box_append (GTK_BOX (plots), GTK_WIDGET (self->drift));
  gtk_box_append (GTK_BOX (box), plots);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->warnings_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->warnings_label, 0);
  gtk_label_set_wrap (self->warnings_label, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->warnings_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->warnings_label), "warning");
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (self->warnings_label));
  self->remark_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_ ("_Re-mark Targets")));
  gtk_widget_set_halign (GTK_WIDGET (self->remark_button), GTK_ALIGN_START);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->remark_button), "wizard.remark");
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->remark_button));
  self->again_buttons[1] = again_button ();
  gtk_box_append (GTK_BOX (buttons), self->again_buttons[1]);
  gtk_box_append (GTK_BOX (bottom), buttons);
  gtk_box_append (GTK_BOX (box), bottom);
  return box;
}

static GtkWidget *
build_save (SlCalibrationWizard *self)
{
  GtkWidget *box = page_box ();
  gtk_box_append (GTK_BOX (box), heading (_ ("Save the profile"), NULL));
  GtkWidget *list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  self->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _ ("Name"));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->name_row));
  gtk_box_append (GTK_BOX (box), list);
  self->summary_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->summary_label, 0);
  gtk_label_set_wrap (self->summary_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->summary_label));
  return box;
}

static void
sl_calibration_wizard_dispose (GObject *object)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (object);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->live_page != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->live_page, self);
      gtk_window_destroy (GTK_WINDOW (self->live_page));
      self->live_page = NULL;
    }
  /* A run under way keeps nothing. */
  g_clear_pointer (&self->live, sl_live_calibration_free);
  G_OBJECT_CLASS (sl_calibration_wizard_parent_class)->dispose (object);
}

static void
sl_calibration_wizard_finalize (GObject *object)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (object);
  g_free (self->library);
  g_clear_object (&self->session);
  g_clear_pointer (&self->store, sl_store_free);
  g_free (self->load_error);
  g_clear_pointer (&self->run, sl_run_free);
  g_clear_pointer (&self->frames, g_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_strfreev (self->cameras);
  g_free (self->live_device);
  g_free (self->live_recording);
  g_free (self->again_device);
  g_clear_object (&self->live_analysis);
  g_clear_pointer (&self->schedule, sl_cal_schedule_free);
  g_clear_pointer (&self->pristine, sl_cal_schedule_free);
  g_free (self->sidecar);
  g_clear_pointer (&self->profile, sl_cal_profile_free);
  g_free (self->problem);
  G_OBJECT_CLASS (sl_calibration_wizard_parent_class)->finalize (object);
}

static void
sl_calibration_wizard_class_init (SlCalibrationWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = sl_calibration_wizard_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = sl_calibration_wizard_close_request;
  object_class->finalize = sl_calibration_wizard_finalize;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back);
  gtk_widget_class_install_action (widget_class, "wizard.cancel", NULL, cancel);
  gtk_widget_class_install_action (widget_class, "wizard.propose", NULL, propose);
  gtk_widget_class_install_action (widget_class, "wizard.remark", NULL, remark);
  gtk_widget_class_install_action (widget_class, "wizard.open-sidecar", NULL, open_sidecar);
  gtk_widget_class_install_action (widget_class, "wizard.mark-start", NULL, mark_start);
  gtk_widget_class_install_action (widget_class, "wizard.apply-profile", NULL, apply_profile);
  gtk_widget_class_install_action (widget_class, "wizard.use-camera", NULL, use_camera);
  gtk_widget_class_install_action (widget_class, "wizard.run-live", NULL, run_live);
  gtk_widget_class_install_action (widget_class, "wizard.show-again", "as", show_again);
  gtk_widget_class_install_action (widget_class, "wizard.mark-end", NULL, mark_end);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketleft, GDK_CONTROL_MASK,
                                       "wizard.mark-start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketright, GDK_CONTROL_MASK,
                                       "wizard.mark-end", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "wizard.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "wizard.next",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back",
                                       NULL);
}

static void
sl_calibration_wizard_init (SlCalibrationWizard *self)
{
  self->schedule = sl_cal_schedule_new ();
  self->cancellable = g_cancellable_new ();
  gtk_window_set_default_size (GTK_WINDOW (self), 900, 640);
  gtk_window_set_title (GTK_WINDOW (self), _ ("Calibrate Gaze"));

  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_ ("Calibrate Gaze"), ""));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  GtkWidget *cancel_button = gtk_button_new_with_mnemonic (_ ("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel_button), "wizard.cancel");
  gtk_widget_set_tooltip_text (cancel_button, _ ("Close without saving (Esc)"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel_button);
  self->next_button = GTK_BUTTON (gtk_button_new_with_label (_ ("Next")));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->next_button), "wizard.next");
  gtk_widget_add_css_class (GTK_WIDGET (self->next_button), "suggested-action");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->next_button), _ ("Next step (Alt+→)"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->next_button));
  self->back_button = GTK_BUTTON (gtk_button_new_with_label (_ ("Back")));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->back_button), "wizard.back");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->back_button), _ ("Previous step (Alt+←)"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->back_button));
  gtk_box_append (GTK_BOX (content), header);

  self->problem_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_wrap (self->problem_label, TRUE);
  gtk_label_set_xalign (self->problem_label, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->problem_label), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (self->problem_label), 18);
  gtk_widget_set_margin_top (GTK_WIDGET (self->problem_label), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->problem_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->problem_label));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  GtkWidget *(*builders[N_PAGES]) (SlCalibrationWizard *)
      = { build_source, build_geometry, build_targets, build_fit, build_result, build_save };
  for (guint i = 0; i < N_PAGES; i++)
    gtk_stack_add_named (self->stack, builders[i](self), pages[i]);
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, GTK_WIDGET (self->stack));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->toasts));
  adw_window_set_content (ADW_WINDOW (self), content);
}

/* A sidecar beside the recording: NAME.calibration.json or NAME.json. */
static char *
find_sidecar (const char *video)
{
  g_autofree char *dir = g_path_get_dirname (video);
  g_autofree char *base = g_path_get_basename (video);
  char *dot = strrchr (base, '.');
  if (dot != NULL)
    *dot = '\0';
  const char *const suffixes[] = { ".calibration.json", ".json" };
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (base, suffixes[i], NULL);
      char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return path;
      g_free (path);
    }
  return NULL;
}

SlCalibrationWizard *
sl_calibration_wizard_new (GtkWindow *parent, const char *library, SlSession *session)
{
  SlCalibrationWizard *self = g_object_new (SL_TYPE_CALIBRATION_WIZARD, NULL);
  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (self), parent);
      gtk_window_set_modal (GTK_WINDOW (self), TRUE);
      gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
    }
  self->library = g_strdup (library);
  self->session = g_object_ref (session);
  adw_window_title_set_title (self->title, session->name);

  geometry_from_monitor (self, parent);
  self->schedule->has_geometry = TRUE;
  geometry_to_spins (self);
  g_autofree char *sidecar = find_sidecar (session->path);
  g_autoptr (GError) error = NULL;
  if (sidecar == NULL || !sl_calibration_wizard_load_sidecar (self, sidecar, &error))
    {
      if (error != NULL)
        toast (self, error->message);
      self->updating = TRUE;
      gtk_drop_down_set_selected (self->layout_dropdown, LAYOUT_5);
      self->updating = FALSE;
      set_layout_targets (self, 5);
    }

  if (sl_session_recording_exists (session)
      && sl_video_view_open (self->preview, session->path, NULL))
    gtk_adjustment_set_upper (self->preview_adjustment,
                              MAX (sl_video_view_get_frame_count (self->preview) - 1, 1));
  on_preview_value (self);

  start_loading (self);
  describe_source (self);
  update_page (self);
  return self;
}

gboolean
sl_calibration_wizard_is_loaded (SlCalibrationWizard *self)
{
  return self->loaded;
}

const char *
sl_calibration_wizard_get_page (SlCalibrationWizard *self)
{
  return pages[self->page];
}

const SlCalProfile *
sl_calibration_wizard_get_profile (SlCalibrationWizard *self)
{
  return self->profile;
}

const char *
sl_calibration_wizard_get_problem (SlCalibrationWizard *self)
{
  return self->problem;
}
