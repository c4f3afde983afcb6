/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-ask.h"

AdwMessageDialog *
sl_ask_new (GtkWindow *parent, const char *heading, const char *body, const char *safe_id,
            const char *safe_label, const char *id, const char *label,
            AdwResponseAppearance appearance)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));
  adw_message_dialog_add_responses (dialog, safe_id, safe_label, id, label, NULL);
  adw_message_dialog_set_response_appearance (dialog, id, appearance);
  adw_message_dialog_set_default_response (dialog, safe_id);
  adw_message_dialog_set_close_response (dialog, safe_id);
  return dialog;
}

typedef struct
{
  char *id;
  GSourceFunc func;
  GWeakRef object; /* the dialog does not keep it alive */
} Then;

static void
then_free (gpointer data, GClosure *closure)
{
  Then *t = data;
  g_free (t->id);
  g_weak_ref_clear (&t->object);
  g_free (t);
}

static void
on_response (AdwMessageDialog *dialog, const char *response, gpointer data)
{
  Then *t = data;
  GObject *object = g_weak_ref_get (&t->object);
  if (object != NULL && g_strcmp0 (response, t->id) == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, t->func, g_steal_pointer (&object), g_object_unref);
  g_clear_object (&object);
}

void
sl_ask_then (AdwMessageDialog *dialog, const char *id, GSourceFunc func, gpointer object)
{
  Then *t = g_new (Then, 1);
  t->id = g_strdup (id);
  t->func = func;
  g_weak_ref_init (&t->object, object);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_response), t, then_free, 0);
}
