import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import pagecache, permissions, queries
from forum.communities import bp
from forum.communities.forms import CommunityForm
from forum.forms import ActionForm, attach_error
from forum.models.library import SUBJECTS
from forum.services import communities as community_service
from forum.services import reading
from forum.services.errors import InvalidInput
from forum.templating import current_language


LISTS = {"latest": queries.latest_topics, "unread": queries.unread_topics, "new": queries.new_topics}


def _topic_list_page(name):
    return pagecache.cached(queries.lists_page_stamp, lambda: _render_topic_list(name))


def _render_topic_list(name):
    page = LISTS[name](current_user, queries.clamp_page(request.args.get("page")))
    counts = None
    if current_user.is_authenticated:
        counts = {"unread": queries.count_unread(current_user), "new": queries.count_new(current_user)}
    return render_template(
        "communities/home.html",
        list_name=name,
        counts=counts,
        topics=page,
        communities=queries.communities_with_topic_counts(current_user),
        categories=queries.categories(),
        action_form=ActionForm(),
    )


@bp.route("/")
def home():
    return _topic_list_page("latest")


@bp.route("/latest")
def latest():
    return _topic_list_page("latest")


@bp.route("/unread")
@login_required
def unread():
    return _topic_list_page("unread")


@bp.route("/new")
@login_required
def new():
    return _topic_list_page("new")


@bp.route("/<any(unread, new):name>/dismiss", methods=["POST"])
@login_required
def dismiss(name):
    if name == "new":
        reading.dismiss_new(current_user)
        flash(_("New topics dismissed."), "success")
    else:
        reading.dismiss_unread(current_user)
        flash(_("All topics marked read."), "success")
    return redirect(url_for(f"communities.{name}"))


@bp.route("/communities/<slug>")
def show(slug):
    community = queries.community_by_slug(current_user, slug) or abort(404)
    return pagecache.cached(
        community.page_stamp, lambda: _community_page(community), arguments=("page", "category", "status")
    )


def _community_page(community):
    category = None
    if request.args.get("category"):
        category = queries.category_by_slug(request.args["category"]) or abort(404)
    page = queries.community_topics(
        current_user,
        community,
        category=category,
        status=request.args.get("status"),
        page=queries.clamp_page(request.args.get("page")),
    )
    level = reading.community_level(current_user, community)
    return render_template(
        "communities/show.html",
        community=community,
        people=queries.community_people(community),
        category=category,
        categories=queries.categories(),
        topics=page,
        action_form=ActionForm(),
        level=level,
    )


@bp.route("/categories/<slug>")
def category(slug):
    category = queries.category_by_slug(slug) or abort(404)
    return pagecache.cached(queries.lists_page_stamp, lambda: _category_page(category), arguments=("page", "status"))


def _category_page(category):
    page = queries.category_topics(
        current_user, category, status=request.args.get("status"), page=queries.clamp_page(request.args.get("page"))
    )
    return render_template("communities/category.html", category=category, categories=queries.categories(), topics=page)


@bp.route("/communities/<slug>/join", methods=["GET", "POST"])
@login_required
def join(slug):
    """The charter, then joining (an open community) or asking to (one that admits by request)."""
    community = queries.community_by_slug(current_user, slug) or abort(404)
    if request.method == "GET":
        return render_template(
            "communities/join.html",
            community=community,
            action_form=ActionForm(),
            pending=community_service.pending_request(current_user, community),
        )
    accepted, school = request.form.get("accept_charter") == "1", _school_named()
    if permissions.can_request_to_join(current_user, community):
        community_service.request_to_join(
            current_user, community, request.form.get("message", ""), accept_charter=accepted, school=school
        )
        flash(_("Your request is sent. The coordinators of %(name)s will answer it.", name=community.name), "success")
    else:
        community_service.join_community(current_user, community, accept_charter=accepted, school=school)
        flash(_("You are now a member of %(name)s.", name=community.name), "success")
    return redirect(url_for("communities.show", slug=community.slug))


@bp.route("/invite/<token>", methods=["GET", "POST"])
@login_required
def invitation(token):
    """An invitation link: the community, its charter, and joining."""
    invitation = queries.invitation_by_token(token) or abort(404)
    if request.method == "POST":
        community_service.accept_invitation(
            current_user, invitation, accept_charter=request.form.get("accept_charter") == "1", school=_school_named()
        )
        flash(_("You are now a member of %(name)s.", name=invitation.community.name), "success")
        return redirect(url_for("communities.show", slug=invitation.community.slug))
    return render_template(
        "communities/join.html", community=invitation.community, invitation=invitation, action_form=ActionForm()
    )


def _school_named():
    """The school a form names: one typed in ("another school") or one chosen from the list."""
    return request.form.get("new_school", "").strip() or request.form.get("school", "")


@bp.route("/communities/<slug>/school", methods=["POST"])
@login_required
def set_school(slug):
    """A member says which school is theirs in the community (from their preferences)."""
    community = queries.community_by_slug(current_user, slug) or abort(404)
    community_service.set_school(current_user, community, _school_named())
    flash(_("Your school in %(name)s is saved.", name=community.name), "success")
    return redirect(url_for("users.preferences_page") + "#schools")


@bp.route("/communities/<slug>/leave", methods=["POST"])
@login_required
def leave(slug):
    community = queries.community_by_slug(current_user, slug) or abort(404)
    community_service.leave_community(current_user, community)
    flash(_("You left %(name)s.", name=community.name), "success")
    return redirect(url_for("communities.home"))


@bp.route("/communities/<slug>/settings", methods=["POST"])
@login_required
def settings(slug):
    """The coordinators' settings of their community (staff's too)."""
    community = queries.community_by_slug(current_user, slug) or abort(404)
    community_service.change_settings(
        current_user,
        community,
        anonymous_posts=request.form.get("anonymous_posts") == "1",
        hold_new_posts=request.form.get("hold_new_posts") == "1",
        join_policy=request.form.get("join_policy") or None,
    )
    flash(_("Saved. The change is in the staff log."), "success")
    return redirect(url_for("communities.show", slug=community.slug))


# The coordinators' management of members ---------------------------------------------------------


def _managed(slug):
    community = queries.community_by_slug(current_user, slug) or abort(404)
    if not permissions.can_manage_members(current_user, community):
        abort(403)
    return community


@bp.route("/communities/<slug>/members")
@login_required
def members(slug):
    """The member directory (members and moderators), filtered by school and subject; the
    moderators manage members, requests and invitations here too."""
    community = queries.community_by_slug(current_user, slug) or abort(404)
    if not permissions.can_see_directory(current_user, community):
        abort(403)
    school = _school_filter(community)
    subject = request.args.get("subject") or None
    if subject is not None and subject not in SUBJECTS:
        abort(404)
    page = queries.community_members(
        community, queries.clamp_page(request.args.get("page")), school=school and school.id, subject=subject
    )
    managing = permissions.can_manage_members(current_user, community)
    return render_template(
        "communities/members.html",
        community=community,
        members=page,
        school=school,
        subject=subject,
        managing=managing,
        requests=queries.join_requests(community) if managing else [],
        invitations=queries.open_invitations(community) if managing else [],
        action_form=ActionForm(),
    )


def _school_filter(community):
    """The community's school the directory is filtered by (?school=id), if any."""
    value = request.args.get("school")
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= 12):
        abort(404)
    return next((i for i in community.institutions if i.id == int(value)), None) or abort(404)


@bp.route("/communities/<slug>/members/<username>/remove", methods=["POST"])
@login_required
def remove_member(slug, username):
    community = _managed(slug)
    user = queries.user_by_username(username) or abort(404)
    community_service.remove_member(current_user, community, user, request.form.get("reason", ""))
    flash(_("%(name)s is no longer a member. The staff log has it.", name=user.name), "success")
    return redirect(url_for("communities.members", slug=community.slug))


@bp.route("/communities/<slug>/requests/<int:request_id>", methods=["POST"])
@login_required
def settle_request(slug, request_id):
    community = _managed(slug)
    join_request = queries.join_request(community, request_id) or abort(404)
    approve = request.form.get("decision") == "approve"
    community_service.settle_request(current_user, join_request, approve)
    flash(_("Approved: %(name)s is a member.", name=join_request.user.name) if approve else _("Declined."), "success")
    return redirect(url_for("communities.members", slug=community.slug))


@bp.route("/communities/<slug>/invitations", methods=["POST"])
@login_required
def invite(slug):
    community = _managed(slug)
    addresses = re.split(r"[\s,;]+", request.form.get("addresses", ""))
    community_service.create_invitation(
        current_user,
        community,
        days=_number(request.form.get("days"), "days"),
        max_uses=_number(request.form.get("max_uses"), "max_uses", optional=True),
        addresses=addresses,
        language=current_language(),
    )
    flash(
        _("The invitation is on its way by email; its link is also in the list below.")
        if any(addresses)
        else _("The invitation link is ready: copy it from the list below."),
        "success",
    )
    return redirect(url_for("communities.members", slug=community.slug))


@bp.route("/communities/<slug>/invitations/<int:invitation_id>/revoke", methods=["POST"])
@login_required
def revoke_invitation(slug, invitation_id):
    community = _managed(slug)
    invitation = queries.community_invitation(community, invitation_id) or abort(404)
    community_service.revoke_invitation(current_user, invitation)
    flash(_("Revoked: the link no longer admits anyone."), "success")
    return redirect(url_for("communities.members", slug=community.slug))


def _number(value, field, *, optional=False):
    if optional and not (value or "").strip():
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidInput(_("Give a whole number."), field=field) from None


@bp.route("/communities/<slug>/level", methods=["POST"])
@login_required
def set_level(slug):
    community = queries.community_by_slug(current_user, slug) or abort(404)
    reading.set_community_level(current_user, community, request.form.get("level"))
    return redirect(url_for("communities.show", slug=community.slug))


# Administrators: creating and editing communities ------------------------------------------------


def _admin():
    if not permissions.can_manage_communities(current_user):
        abort(403)


@bp.route("/admin/communities")
@login_required
def admin_communities():
    _admin()
    return render_template(
        "communities/admin_list.html", communities=queries.communities_with_topic_counts(current_user)
    )


@bp.route("/admin/communities/new", methods=["GET", "POST"])
@bp.route("/admin/communities/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit_community(slug=None):
    _admin()
    community = (queries.community_by_slug(current_user, slug) or abort(404)) if slug else None
    form = CommunityForm(
        obj=community, institutions="\n".join(i.name for i in community.institutions) if community else ""
    )
    if form.validate_on_submit():
        try:
            saved = community_service.save_community(
                current_user,
                community,
                slug=form.slug.data,
                name=form.name.data,
                region=form.region.data,
                description=form.description.data,
                charter=form.charter.data,
                visibility=form.visibility.data,
                join_policy=form.join_policy.data,
                institutions=(form.institutions.data or "").splitlines(),
            )
        except InvalidInput as error:
            attach_error(form, error)
        else:
            flash(_("Saved. The change is in the staff log."), "success")
            return redirect(url_for("communities.show", slug=saved.slug))
    return render_template("communities/edit.html", form=form, community=community), 422 if form.errors else 200
