"""A HubEx client written with another AMQP library (Debian's python3-pika), driven by the tests.

Logs in over TLS 1.2 with its certificate (SASL EXTERNAL), declares its own queue passively (clients may not
declare), then publishes one persistent message per routing key to the send exchange, with publisher confirms.
Prints one line per routing key: `<key> confirmed`, or `<key> refused <reply code>` when the broker closes the
channel (a new one is opened for the next key).

Usage: /usr/bin/python3 pika_client.py AMQPS_URI CA_CRT CLIENT_CRT CLIENT_KEY EXCHANGE QUEUE ROUTING_KEY...
"""
import sys

import pika
from pika.exceptions import ChannelClosedByBroker

from hubex_client import connect


def open_channel(connection):
    channel = connection.channel()
    channel.confirm_delivery()
    return channel


def main(uri, ca_file, certificate_file, key_file, exchange, queue, *routing_keys):
    with connect(uri, ca_file, certificate_file, key_file) as connection:
        channel = open_channel(connection)
        channel.queue_declare(queue, passive=True)
        for routing_key in routing_keys:
            try:
                channel.basic_publish(exchange, routing_key, b'{}', pika.BasicProperties(
                    delivery_mode=pika.spec.PERSISTENT_DELIVERY_MODE, content_type='application/json'))
                print(routing_key, 'confirmed', flush=True)
            except ChannelClosedByBroker as refused:
                print(routing_key, 'refused', refused.reply_code, flush=True)
                channel = open_channel(connection)


if __name__ == '__main__':
    main(*sys.argv[1:])
