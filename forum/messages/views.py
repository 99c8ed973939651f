"""Private messages: the inbox, a conversation, writing, leaving, blocking, flagging, and the
site moderators' queue of flagged messages."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import limits, permissions, queries
from forum.extensions import accepts_files
from forum.forms import ActionForm
from forum.messages.forms import ConversationForm, MessageForm
from forum.messages import bp
from forum.services import messages
from forum.views import submitted


@bp.route("/messages")
@login_required
def inbox():
    page = queries.inbox(current_user, queries.clamp_page(request.args.get("page")))
    return render_template("messages/inbox.html", conversations=page)


@bp.route("/messages/new", methods=["GET", "POST"])
@accepts_files
@login_required
@limits.posting
def new():
    """Writing to one or more people (?to=username from a profile): their usernames, a subject
    and the first message."""
    form = ConversationForm(to=request.args.get("to", ""))
    preview, response = submitted(form, lambda: _start(form))
    if response is not None:
        return response
    page = render_template("messages/new.html", form=form, preview=preview)
    return page, 422 if form.errors or form.form_errors else 200


def _start(form):
    conversation = messages.start_conversation(
        current_user, messages.recipients(form.to.data or ""), form.subject.data or "", form.raw.data or ""
    )
    flash(_("Your message is sent."), "success")
    return url_for("messages.show", conversation_id=conversation.id)


@bp.route("/messages/<int:conversation_id>", methods=["GET", "POST"])
@accepts_files
@login_required
@limits.posting
def show(conversation_id):
    """A conversation, read by its participants only; posting to it answers."""
    conversation = queries.conversation_for(current_user, conversation_id) or abort(404)
    form = MessageForm()
    preview, response = submitted(form, lambda: _answer(conversation, form))
    if response is not None:
        return response
    if messages.mark_read(current_user, conversation):  # its commit expired what was loaded
        conversation = queries.conversation_for(current_user, conversation_id)
    page = queries.conversation_messages(conversation, queries.clamp_page(request.args.get("page")))
    rendered = render_template(
        "messages/show.html",
        conversation=conversation,
        messages=page,
        form=form,
        preview=preview,
        action_form=ActionForm(),
    )
    return rendered, 422 if form.errors or form.form_errors else 200


def _answer(conversation, form):
    message = messages.reply(current_user, conversation, form.raw.data or "")
    page = queries.message_page(message)
    return url_for("messages.show", conversation_id=conversation.id, page=page) + f"#m{message.number}"


@bp.route("/messages/<int:conversation_id>/leave", methods=["POST"])
@login_required
def leave(conversation_id):
    conversation = queries.conversation_for(current_user, conversation_id) or abort(404)
    messages.leave(current_user, conversation)
    flash(_("You left the conversation."), "success")
    return redirect(url_for("messages.inbox"))


@bp.route("/messages/m/<int:message_id>/flag", methods=["POST"])
@login_required
@limits.flagging
def flag(message_id):
    message = queries.message_for(current_user, message_id) or abort(404)
    messages.flag(current_user, message, request.form.get("reason", ""))
    flash(_("Thank you. The site's moderators will read this message, and only this one."), "success")
    return redirect(url_for("messages.show", conversation_id=message.conversation_id))


@bp.route("/u/<username>/block", methods=["POST"])
@login_required
def block(username):
    other = queries.user_by_username(username) or abort(404)
    if request.form.get("undo") == "1":
        messages.unblock(current_user, other)
        flash(_("%(name)s can write to you again.", name=other.name), "success")
    else:
        messages.block(current_user, other)
        flash(_("%(name)s can no longer write to you.", name=other.name), "success")
    return redirect(url_for("users.show", username=other.username))


# The site moderators' queue --------------------------------------------------------------------


@bp.route("/review/messages")
@login_required
def flagged():
    if not permissions.can_review_messages(current_user):
        abort(403)
    page = queries.flagged_messages(queries.clamp_page(request.args.get("page")))
    return render_template("messages/flagged.html", flags=page, action_form=ActionForm())


@bp.route("/review/messages/<int:flag_id>", methods=["POST"])
@login_required
def settle(flag_id):
    if not permissions.can_review_messages(current_user):
        abort(403)
    entry = queries.message_flag(flag_id) or abort(404)
    agree = request.form.get("decision") == "remove"
    messages.settle_flag(current_user, entry, agree)
    flash(_("The message is removed. The staff log has it.") if agree else _("The message stays."), "success")
    return redirect(url_for("messages.flagged"))
