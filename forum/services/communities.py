"""Communities, their institutions and their members: joining (on one's own, by request, or
by invitation link, accepting the charter), leaving, and the coordinators' management."""

import re
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select, update

from email_validator import EmailNotValidError, validate_email

from forum import jobs, permissions
from forum.extensions import db
from forum.models import Community, Institution, Invitation, JoinRequest, Membership
from forum.models.base import utcnow
from forum.models.community import JOIN_POLICIES, VISIBILITIES
from forum.services import add_once, emails, moderation, transaction
from forum.services.content import valid_choice
from forum.services.errors import AlreadyDone, Gone, InvalidInput, LimitReached, NotAllowed
from forum.text import clean_body, clean_line, fold_key


def create_community(
    slug, name, *, region="", description="", charter="", visibility="public", join_policy=None
) -> Community:
    valid_choice(visibility, VISIBILITIES, "visibility")
    join_policy = valid_choice(
        join_policy or ("open" if visibility == "public" else "invitation"), JOIN_POLICIES, "join_policy"
    )
    community = Community(
        slug=slug,
        name=clean_line(name),
        region=clean_line(region),
        description=description,
        charter=charter,
        visibility=visibility,
        join_policy=join_policy,
    )
    db.session.add(community)
    db.session.commit()
    return community


SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
NAME_MAX, DESCRIPTION_MAX, CHARTER_MAX = 160, 2000, 5000


def save_community(
    actor,
    community,
    *,
    slug,
    name,
    region="",
    description="",
    charter="",
    visibility="public",
    join_policy="open",
    institutions=(),
) -> Community:
    """An administrator creates a community (community None) or edits one: its details, who
    sees it, how it admits members, and its schools (at most MAX_INSTITUTIONS_PER_COMMUNITY;
    a school some member chose stays). The address (slug) is set once. Logged."""
    if not permissions.can_manage_communities(actor):
        raise NotAllowed()
    name, region = clean_line(name), clean_line(region)
    description, charter = clean_body(description), clean_body(charter)
    if not name:
        raise InvalidInput(_("Give the community a name."), field="name")
    for value, limit, field in (
        (name, NAME_MAX, "name"),
        (region, NAME_MAX, "region"),
        (description, DESCRIPTION_MAX, "description"),
        (charter, CHARTER_MAX, "charter"),
    ):
        if len(value) > limit:
            raise InvalidInput(_("At most %(n)d characters.", n=limit), field=field)
    valid_choice(visibility, VISIBILITIES, "visibility")
    valid_choice(join_policy, JOIN_POLICIES, "join_policy")
    schools = list(dict.fromkeys(n for n in (clean_line(line) for line in institutions) if n))
    limit = current_app.config["MAX_INSTITUTIONS_PER_COMMUNITY"]
    if len(schools) > limit:
        raise LimitReached(_("A community gathers at most %(n)d institutions.", n=limit), field="institutions")
    created = community is None
    if created:
        slug = (slug or "").strip().lower()
        if not SLUG.match(slug):
            raise InvalidInput(
                _("An address of small Latin letters, digits and hyphens, such as zarqa-science."), field="slug"
            )
        if db.session.scalar(select(Community.id).where(Community.slug == slug)) is not None:
            raise InvalidInput(_("Another community has this address."), field="slug")
    # A school some member chose is found only as the list is written (or the address taken
    # meanwhile): the refusal then takes back the details written before it.
    with transaction():
        if created:
            community = Community(slug=slug)
            db.session.add(community)
        community.name, community.region, community.description, community.charter = name, region, description, charter
        community.visibility, community.join_policy = visibility, join_policy
        db.session.flush()
        _set_institutions(community, schools)
        moderation.log(actor, "create_community" if created else "edit_community", community_id=community.id)
    return community


def _set_institutions(community, names):
    existing = {
        i.name: i for i in db.session.scalars(select(Institution).where(Institution.community_id == community.id))
    }
    for name, institution in existing.items():
        if name in names:
            continue
        chosen = db.session.scalar(
            select(Membership.user_id).where(Membership.institution_id == institution.id).limit(1)
        )
        if chosen is not None:
            raise InvalidInput(
                _("“%(school)s” stays: members chose it as their school.", school=name), field="institutions"
            )
        db.session.delete(institution)
    db.session.add_all(Institution(community_id=community.id, name=name) for name in names if name not in existing)


def add_institution(community, name) -> Institution:
    """The community's school of that name, added if it is new (a community gathers at most
    MAX_INSTITUTIONS_PER_COMMUNITY)."""
    institution = _school(community, name, create=True)
    db.session.commit()
    return institution


def _school(community, name, *, create) -> Institution | None:
    """The community's school of that name (told apart regardless of case), or a new one when
    create and the community has room for it: a community gathers at most
    MAX_INSTITUTIONS_PER_COMMUNITY schools, its members' included (LimitReached for a new one
    past that). None for no name, or for a new school not created."""
    name = clean_line(name)[:NAME_MAX]
    if not name:
        return None
    if create:  # two members naming new schools at once must not both take the last place
        db.session.execute(select(Community.id).where(Community.id == community.id).with_for_update())
    schools = db.session.scalars(select(Institution).where(Institution.community_id == community.id)).all()
    for school in schools:
        if fold_key(school.name) == fold_key(name):
            return school
    limit = current_app.config["MAX_INSTITUTIONS_PER_COMMUNITY"]
    if len(schools) >= limit:
        raise LimitReached(
            _(
                "%(community)s already gathers %(n)d schools, as many as a community may: choose yours among"
                " them, or ask its coordinators.",
                community=community.name,
                n=limit,
            ),
            field="school",
        )
    if not create:
        return None
    institution = Institution(community_id=community.id, name=name)
    db.session.add(institution)
    db.session.flush()
    return institution


def _fits(community, name) -> bool:
    """Whether the school named is the community's, or would find room in it."""
    try:
        _school(community, name, create=False)
    except LimitReached:
        return False
    return True


def set_school(user, community, name):
    """A member says which of the community's schools is theirs (a new one while the community
    has room), or none (name empty)."""
    membership = db.session.get(Membership, (user.id, community.id))
    if membership is None:
        raise NotAllowed(_("You are not a member of this community."))
    with transaction():
        membership.institution = _school(community, name, create=permissions.can_name_school(user))


def add_member(community, user, *, role="member") -> Membership:
    """Make user a member (or coordinator) of community; idempotent."""
    membership = db.session.get(Membership, (user.id, community.id))
    if membership is None:
        membership = Membership(user_id=user.id, community_id=community.id, role=role)
        db.session.add(membership)
    else:
        membership.role = role
    db.session.commit()
    permissions.forget_community_roles(user)
    return membership


def change_settings(actor, community, *, anonymous_posts=None, hold_new_posts=None, join_policy=None):
    """A coordinator's settings (None leaves one as it is), each change logged: whether members
    may post anonymously in failures and mistakes (posts already anonymous stay so), whether
    new accounts' posts wait for approval, and how the community admits members."""
    if not permissions.can_change_community_settings(actor, community):
        raise NotAllowed()
    if join_policy is not None:
        valid_choice(join_policy, JOIN_POLICIES, "join_policy")
    changed = False
    if anonymous_posts is not None and community.anonymous_posts != bool(anonymous_posts):
        community.anonymous_posts = bool(anonymous_posts)
        moderation.log(actor, "allow_anonymous" if anonymous_posts else "forbid_anonymous", community_id=community.id)
        changed = True
    if hold_new_posts is not None and community.hold_new_posts != bool(hold_new_posts):
        community.hold_new_posts = bool(hold_new_posts)
        moderation.log(actor, "hold_new_posts" if hold_new_posts else "release_new_posts", community_id=community.id)
        changed = True
    if join_policy is not None and community.join_policy != join_policy:
        community.join_policy = join_policy
        moderation.log(actor, "set_join_policy", community_id=community.id, policy=join_policy)
        changed = True
    if not changed:
        raise AlreadyDone(_("Nothing changed."))
    db.session.commit()


def _check_charter(community, accepted):
    if community.charter and not accepted:
        raise InvalidInput(_("Read the community's charter and accept it to join."), field="accept_charter")


def _admit(community, user, *, charter_accepted, school="") -> Membership:
    """Add a member, from the school they named, without committing; the charter counts as
    accepted when it was shown."""
    membership = Membership(
        user_id=user.id,
        community_id=community.id,
        role="member",
        charter_accepted_at=utcnow() if charter_accepted else None,
        institution=_school(community, school, create=permissions.can_name_school(user)),
    )
    db.session.add(membership)
    permissions.forget_community_roles(user)
    return membership


def join_community(user, community, *, accept_charter=False, school="") -> Membership:
    """A member joins a community open to all on their own, accepting its charter, from their
    school (one of the community's, or a new one while it has room)."""
    if permissions.is_member(user, community):
        raise AlreadyDone(_("You are already a member of this community."))
    if not permissions.can_join(user, community):
        raise NotAllowed(_("This community admits members by request or invitation."))
    _check_charter(community, accept_charter)
    with transaction():
        membership = _admit(community, user, charter_accepted=bool(community.charter), school=school)
    return membership


def leave_community(user, community):
    membership = db.session.get(Membership, (user.id, community.id))
    if membership is None:
        raise AlreadyDone(_("You are not a member of this community."))
    db.session.delete(membership)
    db.session.commit()
    permissions.forget_community_roles(user)


# Requests --------------------------------------------------------------------------------------


def pending_request(user, community) -> JoinRequest | None:
    if not permissions.is_authenticated(user):
        return None
    return db.session.scalar(
        select(JoinRequest).where(
            JoinRequest.community_id == community.id, JoinRequest.user_id == user.id, JoinRequest.outcome.is_(None)
        )
    )


def request_to_join(user, community, message="", *, accept_charter=False, school="") -> JoinRequest:
    """Ask to join a community that admits by request, naming one's school (a new one only
    while the community has room); its coordinators decide."""
    if permissions.is_member(user, community):
        raise AlreadyDone(_("You are already a member of this community."))
    if not permissions.can_request_to_join(user, community):
        raise NotAllowed(_("This community does not take requests to join."))
    _check_charter(community, accept_charter)
    message = moderation.valid_reason(message)
    known = _school(community, school, create=False)
    school = known.name if known else clean_line(school)[:NAME_MAX]
    request = JoinRequest(community_id=community.id, user_id=user.id, message=message, school=school)
    add_once(request, _("Your request is already waiting for the coordinators."))
    db.session.commit()
    return request


def settle_request(actor, request, approve):
    """Approve (the user becomes a member) or decline a pending request; logged, and the user
    is told by email."""
    if not permissions.can_manage_members(actor, request.community):
        raise NotAllowed()
    if request.outcome is not None:
        raise AlreadyDone(_("This request was already answered, perhaps by another coordinator."))
    with transaction():  # the school the request named may no longer find room
        request.outcome, request.settled_by_id, request.settled_at = (
            ("approved" if approve else "declined"),
            actor.id,
            utcnow(),
        )
        if approve and db.session.get(Membership, (request.user_id, request.community_id)) is None:
            # The school named may have no room left since: the member then chooses later.
            fits = _fits(request.community, request.school)
            _admit(
                request.community,
                request.user,
                charter_accepted=bool(request.community.charter),
                school=request.school if fits else "",
            )
        moderation.log(
            actor,
            "approve_member" if approve else "decline_member",
            target=request.user,
            community_id=request.community_id,
        )
    jobs.run_after_commit(emails.send_join_answer, request.id)


# Invitations -----------------------------------------------------------------------------------


def create_invitation(actor, community, *, days, max_uses=None, addresses=(), language=None) -> Invitation:
    """A link that admits whoever opens it within days (and at most max_uses people); emailed,
    in language, to each of addresses when given (then for as many people, unless told)."""
    if not permissions.can_manage_members(actor, community):
        raise NotAllowed()
    addresses = _valid_addresses(addresses)
    if addresses and max_uses is None:
        max_uses = len(addresses)
    longest = current_app.config["INVITATION_MAX_DAYS"]
    if not isinstance(days, int) or not 1 <= days <= longest:
        raise InvalidInput(_("An invitation lasts from 1 to %(n)d days.", n=longest), field="days")
    if max_uses is not None and (not isinstance(max_uses, int) or not 1 <= max_uses <= 1000):
        raise InvalidInput(_("Give a number of people from 1 to 1000, or leave it empty."), field="max_uses")
    invitation = Invitation(
        community_id=community.id,
        token=secrets.token_urlsafe(24),
        created_by_id=actor.id,
        expires_at=utcnow() + timedelta(days=days),
        max_uses=max_uses,
    )
    db.session.add(invitation)
    moderation.log(actor, "invite", community_id=community.id, days=days, max_uses=max_uses, emailed=len(addresses))
    db.session.commit()
    if addresses:
        jobs.run_after_commit(emails.send_invitation, invitation.id, addresses, language, actor.name)
    return invitation


def _valid_addresses(addresses) -> list[str]:
    """The addresses, each checked and given once; at most INVITATION_MAX_ADDRESSES."""
    found = []
    for address in addresses:
        address = address.strip().strip(",;")
        if not address:
            continue
        try:
            found.append(validate_email(address, check_deliverability=False).normalized)
        except EmailNotValidError:
            raise InvalidInput(
                _("“%(address)s” is not an email address.", address=address[:100]), field="addresses"
            ) from None
    once = {}
    for address in found:
        once.setdefault(address.casefold(), address)
    found = list(once.values())
    limit = current_app.config["INVITATION_MAX_ADDRESSES"]
    if len(found) > limit:
        raise InvalidInput(_("Invite at most %(n)d addresses at once.", n=limit), field="addresses")
    return found


def revoke_invitation(actor, invitation):
    if not permissions.can_manage_members(actor, invitation.community):
        raise NotAllowed()
    if invitation.revoked_at is not None:
        raise AlreadyDone(_("This invitation was already revoked."))
    invitation.revoked_at = utcnow()
    moderation.log(actor, "revoke_invitation", community_id=invitation.community_id)
    db.session.commit()


def accept_invitation(user, invitation, *, accept_charter=False, school="") -> Membership:
    """Join through an invitation link, accepting the charter, from one's school; the link's
    uses are counted in one UPDATE, so a link for n people admits n even when they come at once."""
    community = invitation.community
    if permissions.is_member(user, community):
        raise AlreadyDone(_("You are already a member of this community."))
    if not invitation.is_open():
        raise Gone(_("This invitation has expired or was revoked. Ask the coordinators for a new one."))
    _check_charter(community, accept_charter)
    now = utcnow()
    with transaction():
        used = db.session.execute(
            update(Invitation)
            .where(
                Invitation.id == invitation.id,
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > now,
                or_(Invitation.max_uses.is_(None), Invitation.uses < Invitation.max_uses),
            )
            .values(uses=Invitation.uses + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not used:  # used up, expired or revoked since it was read
            raise Gone(_("This invitation has expired or was revoked. Ask the coordinators for a new one."))
        membership = _admit(community, user, charter_accepted=bool(community.charter), school=school)
    return membership


# Members ---------------------------------------------------------------------------------------


def remove_member(actor, community, user, reason=""):
    """A coordinator removes a member (site staff, anyone but themselves); logged, and the
    member reads the reason nowhere else: they simply are no longer a member."""
    if not permissions.can_manage_members(actor, community):
        raise NotAllowed()
    membership = db.session.get(Membership, (user.id, community.id))
    if membership is None:
        raise AlreadyDone(_("This person is not a member of this community."))
    if not permissions.can_remove_member(actor, community, membership):
        raise NotAllowed(
            _("To leave the community, use “Leave” on its page.")
            if user.id == actor.id
            else _("Only site staff remove a coordinator or a mentor.")
        )
    reason = moderation.valid_reason(reason)
    db.session.delete(membership)
    moderation.log(actor, "remove_member", target=user, community_id=community.id, reason=reason)
    db.session.commit()
    permissions.forget_community_roles(user)
